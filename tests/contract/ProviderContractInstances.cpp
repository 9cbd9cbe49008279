// The abstract provider contract (ProviderContract*Tests.h), compiled once for this binary and
// instantiated for every provider against its real peer: Imap/ProviderContract.* on the local
// Dovecot and Postfix, Slack/ProviderContract.* on the Slack emulator behind `prism proxy`
// (every Web API call without a contract violation, see SlackContractHarness.h). A new provider
// adds its harness (tests/providers/<id>/integration/<Id>ContractHarness.h) and one instance here.

#include "ImapContractHarness.h"
#include "ProviderContractActionTests.h"
#include "ProviderContractFaultTests.h"
#include "ProviderContractIdentityTests.h"
#include "ProviderContractSyncTests.h"
#include "ProviderContractTests.h"
#include "ProviderContractTriageTests.h"
#include "SlackContractHarness.h"

namespace tributary::test {

namespace {

std::string harnessName(const ::testing::TestParamInfo<HarnessFactory>& param) {
    return param.param.name;
}

} // namespace

INSTANTIATE_TEST_SUITE_P(Imap, ProviderContract,
                         ::testing::Values(HarnessFactory{"imap",
                                                          [] {
                                                              return std::make_unique<ImapContractHarness>(
                                                                  QStringLiteral("alice"));
                                                          }}),
                         harnessName);

INSTANTIATE_TEST_SUITE_P(Slack, ProviderContract,
                         ::testing::Values(HarnessFactory{"slack",
                                                          [] {
                                                              return std::make_unique<SlackContractHarness>();
                                                          }}),
                         harnessName);

} // namespace tributary::test
