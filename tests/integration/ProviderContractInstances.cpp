// The abstract provider contract (ProviderContractTests.h), compiled once for this binary and
// instantiated for every provider against its real peer: Imap/ProviderContract.* on the local
// Dovecot and Postfix, Slack/ProviderContract.* on the Slack emulator behind `prism proxy`
// (every Web API call without a contract violation, see SlackContractHarness.h).

#include "ImapContractHarness.h"
#include "ProviderContractTests.h"
#include "SlackContractHarness.h"
#include "TriageContractCases.h"

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
