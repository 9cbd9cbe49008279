#include "imap/ImapProviderFactory.h"

#include "imap/ImapAccountForm.h"
#include "imap/ImapProvider.h"
#include "imap/ImapSettings.h"
#include "imap/VmimeSupport.h"

#include <QObject>

namespace tributary {

void registerImapProvider(ProviderRegistry& registry) {
    imap::initVmime();
    ProviderInfo info;
    info.id = QStringLiteral("imap");
    info.displayName = QObject::tr("Email (IMAP/SMTP)");
    info.iconName = QStringLiteral("providers/imap");
    info.settingKeys = imap::ImapSettings::keys();
    registry.registerProvider(
        info,
        [](const Account& account, const ProviderContext& context) {
            return std::make_unique<ImapProvider>(account, context);
        },
        imap::imapAccountForm());
}

} // namespace tributary
