// Names someone else chose (attachments) made safe to create, and saving that never
// replaces a file unless asked to.

#include "files/SafeFileName.h"

#include "files/SaveToFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace tributary;

TEST(SafeFileName, KeepsOrdinaryNames) {
    EXPECT_EQ(safeFileName(QStringLiteral("report.pdf")), QStringLiteral("report.pdf"));
    EXPECT_EQ(safeFileName(QStringLiteral("Q&A (final) v2.docx")), QStringLiteral("Q&A (final) v2.docx"));
    EXPECT_EQ(safeFileName(QStringLiteral("Übersicht – März.xlsx")), QStringLiteral("Übersicht – März.xlsx"));
    EXPECT_EQ(safeFileName(QStringLiteral("archive.tar.gz")), QStringLiteral("archive.tar.gz"));
}

TEST(SafeFileName, NeverLeavesTheFolder) {
    EXPECT_EQ(safeFileName(QStringLiteral("../../.bashrc")), QStringLiteral("bashrc"));
    EXPECT_EQ(safeFileName(QStringLiteral("/etc/passwd")), QStringLiteral("passwd"));
    EXPECT_EQ(safeFileName(QStringLiteral("C:\\Users\\ann\\Desktop\\plan.pdf")), QStringLiteral("plan.pdf"));
    EXPECT_EQ(safeFileName(QStringLiteral("dir/")), QStringLiteral("dir"));
    EXPECT_EQ(safeFileName(QStringLiteral("..")), QStringLiteral("attachment"));
    EXPECT_EQ(safeFileName(QStringLiteral(".")), QStringLiteral("attachment"));
    EXPECT_EQ(safeFileName(QStringLiteral("../..")), QStringLiteral("attachment"));
    EXPECT_EQ(safeFileName(QStringLiteral("/")), QStringLiteral("attachment"));
}

TEST(SafeFileName, NeverMakesADotfile) {
    EXPECT_EQ(safeFileName(QStringLiteral(".bashrc")), QStringLiteral("bashrc"));
    EXPECT_EQ(safeFileName(QStringLiteral("...ssh")), QStringLiteral("ssh"));
    EXPECT_EQ(safeFileName(QStringLiteral(" . .profile")), QStringLiteral("profile"));
    EXPECT_EQ(safeFileName(QStringLiteral("\u202E.bashrc")), QStringLiteral("bashrc"))
        << "hidden behind a mark";
    EXPECT_EQ(safeFileName(QStringLiteral("notes.txt. . ")), QStringLiteral("notes.txt")) << "trailing dots";
}

TEST(SafeFileName, DropsControlsAndDirectionTricks) {
    EXPECT_EQ(safeFileName(QStringLiteral("a\nb\rc\td\x01.txt")), QStringLiteral("abcd.txt"));
    EXPECT_EQ(safeFileName(QString::fromUtf8("x\x1b[31mred.txt")), QStringLiteral("x[31mred.txt"));
    EXPECT_EQ(safeFileName(QStringLiteral("invoice\u202Efdp.exe")), QStringLiteral("invoicefdp.exe"));
    EXPECT_EQ(safeFileName(QStringLiteral("a\u0085b\u2066c\u2069.txt")), QStringLiteral("abc.txt"));
    EXPECT_EQ(safeFileName(QString(QChar(0)) + QStringLiteral("x")), QStringLiteral("x"));
}

TEST(SafeFileName, AvoidsNamesWindowsReserves) {
    EXPECT_EQ(safeFileName(QStringLiteral("what?<>:\"|*.txt")), QStringLiteral("what_______.txt"));
    EXPECT_EQ(safeFileName(QStringLiteral("CON")), QStringLiteral("_CON"));
    EXPECT_EQ(safeFileName(QStringLiteral("nul.txt")), QStringLiteral("_nul.txt"));
    EXPECT_EQ(safeFileName(QStringLiteral("Com1.tar.gz")), QStringLiteral("_Com1.tar.gz"));
    EXPECT_EQ(safeFileName(QStringLiteral("LPT9")), QStringLiteral("_LPT9"));
    EXPECT_EQ(safeFileName(QStringLiteral("console.txt")), QStringLiteral("console.txt"));
    EXPECT_EQ(safeFileName(QStringLiteral("COM10.txt")), QStringLiteral("COM10.txt"));
}

TEST(SafeFileName, MarkupStaysText) {
    // Not rendered anywhere; only what a file system cannot hold changes.
    EXPECT_EQ(safeFileName(QStringLiteral("<b>x</b>.pdf")), QStringLiteral("b_.pdf"))
        << "'/' is a separator: only the last component";
    EXPECT_EQ(safeFileName(QStringLiteral("<img src=x onerror=alert(1)>.png")),
              QStringLiteral("_img src=x onerror=alert(1)_.png"));
}

TEST(SafeFileName, CutsLongNamesKeepingTheExtension) {
    const QString longName = QString(300, QLatin1Char('a')) + QStringLiteral(".pdf");
    const QString cut = safeFileName(longName);
    EXPECT_EQ(cut.toUtf8().size(), 255);
    EXPECT_TRUE(cut.endsWith(QStringLiteral("a.pdf")));
    // Multi-byte characters are never split.
    const QString wide = QString(200, QChar(0x00FC)) + QStringLiteral(".txt"); // 2 bytes each
    const QString wideCut = safeFileName(wide);
    EXPECT_LE(wideCut.toUtf8().size(), 255);
    EXPECT_TRUE(wideCut.endsWith(QStringLiteral(".txt")));
    EXPECT_EQ(QString::fromUtf8(wideCut.toUtf8()), wideCut);
    const QString emoji = QString::fromUtf8("\xF0\x9F\x93\x8E").repeated(100); // 4 bytes, a surrogate pair
    const QString emojiCut = safeFileName(emoji, QStringLiteral("attachment"), 30);
    EXPECT_EQ(emojiCut.toUtf8().size(), 28);
    EXPECT_EQ(QString::fromUtf8(emojiCut.toUtf8()), emojiCut);
    // An extension longer than a real one is cut with the rest.
    EXPECT_LE(safeFileName(QStringLiteral("x.") + QString(400, QLatin1Char('e'))).toUtf8().size(), 255);
}

TEST(SafeFileName, FallsBackWhenNothingIsLeft) {
    EXPECT_EQ(safeFileName(QString(), QStringLiteral("attachment-2.1")), QStringLiteral("attachment-2.1"));
    EXPECT_EQ(safeFileName(QStringLiteral("\n\r"), QStringLiteral("attachment-3")),
              QStringLiteral("attachment-3"));
    EXPECT_EQ(safeFileName(QStringLiteral("..."), QStringLiteral("../x")), QStringLiteral("x"));
    EXPECT_EQ(safeFileName(QStringLiteral("..."), QStringLiteral("..")), QStringLiteral("attachment"));
}

TEST(SaveToFile, RefusesToReplaceAnExistingFile) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("notes.txt"));
    {
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("mine");
    }
    const Result<void> refused = saveToFile(path, "theirs", Overwrite::Refuse);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, QStringLiteral("file_exists"));
    EXPECT_EQ(refused.error().kind, ErrorKind::Storage);
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), QByteArray("mine")) << "untouched";
    f.close();

    // A dangling symlink takes the name too: writing through it could land anywhere.
    const QString link = dir.filePath(QStringLiteral("link.txt"));
    ASSERT_TRUE(QFile::link(dir.filePath(QStringLiteral("nowhere/target")), link));
    EXPECT_EQ(saveToFile(link, "x", Overwrite::Refuse).error().code, QStringLiteral("file_exists"));

    // Replace does what it says.
    ASSERT_TRUE(saveToFile(path, "theirs", Overwrite::Replace).ok());
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), QByteArray("theirs"));

    // No temporary file is left behind either way.
    const QStringList left = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
    EXPECT_EQ(left, (QStringList{QStringLiteral("link.txt"), QStringLiteral("notes.txt")}));
}

TEST(SaveToFile, CreatesANewFileWithTheUsualPermissions) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("new.bin"));
    const QByteArray data(100000, 'x');
    ASSERT_TRUE(saveToFile(path, data, Overwrite::Refuse).ok());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), data);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    struct stat st {};
    ASSERT_EQ(::stat(QFile::encodeName(path).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask) << "as a plain new file, not a private temporary one";
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);

    const Result<void> nowhere =
        saveToFile(dir.filePath(QStringLiteral("no/such/dir/x")), data, Overwrite::Refuse);
    ASSERT_FALSE(nowhere.ok());
    EXPECT_EQ(nowhere.error().code, QStringLiteral("permission_denied"))
        << nowhere.error().message.toStdString();
}
