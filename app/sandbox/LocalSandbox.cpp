#include "LocalSandbox.h"

#include "util/Logging.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

namespace tributary::gui {

namespace {

QString script(const QString& sourceDir, const QString& name) {
    return QDir(sourceDir).filePath(QStringLiteral("tools/") + name);
}

//! The last non-empty line a script wrote: tools/ scripts end with what went wrong.
QString lastLine(const QByteArray& output) {
    const QList<QByteArray> lines = output.trimmed().split('\n');
    QString line = QString::fromUtf8(lines.isEmpty() ? QByteArray() : lines.last()).trimmed();
    line.remove(QStringLiteral("[tributary] error: "));
    line.remove(QStringLiteral("[tributary] "));
    return line;
}

} // namespace

LocalSandbox::LocalSandbox(QString sourceDir, QString buildDir, QObject* parent)
    : QObject(parent)
    , m_sourceDir(std::move(sourceDir))
    , m_buildDir(std::move(buildDir)) {}

LocalSandbox::~LocalSandbox() {
    if (m_process) {
        // Closing the window while the sandbox starts: stop waiting, not the servers
        // (tools/sandbox stop does that, as it says in its output).
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

bool LocalSandbox::isAvailable() const {
    return unavailableReason().isEmpty();
}

QString LocalSandbox::unavailableReason() const {
    if (m_sourceDir.isEmpty() || !QFileInfo(script(m_sourceDir, QStringLiteral("sandbox"))).isExecutable() ||
        !QFileInfo(script(m_sourceDir, QStringLiteral("run"))).isExecutable())
        return tr("The local sandbox comes with a source checkout of Tributary (tools/sandbox).");
    if (!QFileInfo(QDir(m_buildDir).filePath(QStringLiteral("app/tributary"))).isExecutable())
        return tr("Build Tributary from its checkout first: ./tools/run");
    return {};
}

void LocalSandbox::start() {
    if (m_process || !isAvailable())
        return;
    m_process = new QProcess(this);
    m_process->setProgram(script(m_sourceDir, QStringLiteral("sandbox")));
    m_process->setArguments({QStringLiteral("start")});
    m_process->setWorkingDirectory(m_sourceDir);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        onFinished(status == QProcess::NormalExit ? exitCode : -1);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onFinished(-1);
    });
    qCInfo(lcUi) << "starting the local sandbox";
    m_process->start();
}

void LocalSandbox::onFinished(int exitCode) {
    if (!m_process)
        return;
    const QByteArray output = m_process->readAll();
    const QString startError =
        m_process->error() == QProcess::FailedToStart ? m_process->errorString() : QString();
    m_process->deleteLater();
    m_process = nullptr;
    if (exitCode != 0) {
        const QString why = !startError.isEmpty() ? startError : lastLine(output);
        emit failed(tr("The sandbox did not start: %1. Running ./tools/run once installs what it needs.")
                        .arg(why.isEmpty() ? tr("no reason given") : why));
        return;
    }
    QProcess run;
    run.setProgram(script(m_sourceDir, QStringLiteral("run")));
    run.setArguments({QStringLiteral("--no-build")});
    run.setWorkingDirectory(m_sourceDir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TRIBUTARY_BUILD_DIR"), m_buildDir);
    run.setProcessEnvironment(env);
    run.setStandardInputFile(QProcess::nullDevice());
    if (!run.startDetached()) {
        emit failed(tr("The sandbox runs, but the app could not be opened on it: %1").arg(run.errorString()));
        return;
    }
    emit launched();
}

} // namespace tributary::gui
