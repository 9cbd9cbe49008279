// tributary-cli: a headless client over the same core and providers as the desktop app.

#include "Providers.h"
#include "cli/AccountFile.h"
#include "cli/CliArgs.h"
#include "cli/CliRunner.h"
#include "provider/EnvSecretSource.h"
#include "provider/ProviderRegistry.h"
#include "util/ProcessHardening.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>
#include <cstdio>

using namespace tributary;
using namespace tributary::cli;

int main(int argc, char** argv) {
    // Before anything else: this process will hold passwords, tokens and message bodies.
    const QString unhardened = disableCoreDumps();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tributary-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRIBUTARY_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!unhardened.isEmpty())
        err << "tributary-cli: could not turn core dumps off (" << unhardened << ").\n";

    const CliParse parsed = parseArguments(QCoreApplication::arguments());
    switch (parsed.action) {
    case CliParse::Action::Help:
        out << usageText();
        return ExitOk;
    case CliParse::Action::Version:
        out << "tributary-cli " << QCoreApplication::applicationVersion() << '\n';
        return ExitOk;
    case CliParse::Action::Error:
        err << "tributary-cli: " << parsed.error << "\nRun \"tributary-cli --help\" for usage.\n";
        return ExitUsage;
    case CliParse::Action::Run:
        break;
    }
    const CliOptions& options = parsed.options;
    // Output is for the user or a script; diagnostics only when asked for.
    if (!options.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("tributary.*.debug=false\ntributary.*.info=false"));

    const AccountFileResult file = loadAccountFile(options.accountsFile);
    if (!file.ok()) {
        err << "tributary-cli: " << file.error << '\n';
        return ExitUsage;
    }
    QString error;
    const auto account = selectAccount(file.accounts, options.accountId, &error);
    if (!account) {
        err << "tributary-cli: " << error << '\n';
        return ExitUsage;
    }

    ProviderRegistry registry;
    registerBuiltInProviders(registry);
    if (!registry.contains(account->providerId)) {
        err << "tributary-cli: account \"" << account->id << "\" has the unknown type \""
            << account->providerId << "\".\n";
        return ExitUsage;
    }
    EnvSecretSource secrets(file.accounts);
    std::unique_ptr<Provider> provider = registry.create(*account, ProviderContext{&secrets});
    if (!provider) {
        err << "tributary-cli: could not create the provider for \"" << account->id << "\".\n";
        return ExitOther;
    }

    CliRunner runner(*provider, options, out, err);
    const int code = runner.run();
    out.flush();
    err.flush();
    return code;
}
