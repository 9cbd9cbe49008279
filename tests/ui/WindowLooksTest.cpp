// The window and its dialogs (issue 11, "Looks and layout"): check boxes in the dark theme,
// shortcuts as typed, File > Accounts… in every mode, the add-account dialog on a small
// screen, the welcome page, a 900×600 window, the Chats view. Set TRIBUTARY_SCREENSHOT_DIR to
// also save what they look like.

#include "Await.h"
#include "ConversationView.h"
#include "FakeInboxProvider.h"
#include "MainWindow.h"
#include "Providers.h"
#include "ThreadListPane.h"
#include "accounts/AccountDialog.h"
#include "accounts/AccountsPage.h"
#include "accounts/ManageAccountsDialog.h"
#include "accounts/WelcomeWidget.h"
#include "actions/MailActions.h"
#include "actions/ShortcutText.h"
#include "auth/TokenStore.h"
#include "cli/AccountFile.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "notify/Notifier.h"
#include "provider/AccountManager.h"
#include "provider/EnvSecretSource.h"
#include "provider/ProviderRegistry.h"
#include "settings/AppStyle.h"
#include "settings/SettingsDialog.h"
#include "settings/Theme.h"
#include "sync/SyncController.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStyleFactory>
#include <QStyleOption>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeInboxProvider;
using tributary::test::waitUntil;

namespace {

void shoot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

//! WCAG's relative luminance and contrast ratio.
double luminance(const QColor& c) {
    const auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor& a, const QColor& b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

//! The strongest contrast between what is drawn in `rect` of `image` and `background`:
//! for an unchecked box, its outline.
double strongestContrast(const QImage& image, const QRect& rect, const QColor& background) {
    double best = 1.0;
    const qreal dpr = image.devicePixelRatio();
    for (int y = int(rect.top() * dpr); y <= int(rect.bottom() * dpr); ++y) {
        for (int x = int(rect.left() * dpr); x <= int(rect.right() * dpr); ++x) {
            if (image.rect().contains(x, y))
                best = std::max(best, contrast(image.pixelColor(x, y), background));
        }
    }
    return best;
}

//! Theme changes are application-wide: each test that sets one puts the system theme back.
struct ThemeGuard {
    ~ThemeGuard() { applyTheme(Theme::System); }
};

//! A mail account with an inbox and a chat account with a channel, both with messages.
struct Inbox {
    Inbox()
        : mail(QStringLiteral("work"), QStringLiteral("Work"))
        , chat(QStringLiteral("team"), QStringLiteral("Team chat"), QColor(0x8e, 0x44, 0xad))
        , sync(&store, nullptr) {
        chat.caps = Capability::ChatChannels | Capability::Flags;
        const Channel inbox = mail.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        for (int i = 0; i < 40; ++i)
            mail.addMessage(
                inbox, QStringLiteral("Project update %1").arg(i), QStringLiteral("Ann"), 10 + i * 7,
                QStringLiteral("Status of the project, week %1.\n\n> Earlier question\nThanks").arg(i));
        // Twelve channels (as many as a chat account loads at start), each one conversation
        // (one row) with its messages (issue 13 §4).
        for (int i = 0; i < kChatChannels; ++i) {
            const Channel channel = chat.addChannel(QStringLiteral("C%1").arg(i + 1), ChannelRole::None,
                                                    ChannelKind::ChatChannel);
            chat.addMessage(channel, QString(), i % 2 ? QStringLiteral("Bob") : QStringLiteral("Carol"),
                            12 + i * 5, QStringLiteral("Chat line %1").arg(i), ConversationKind::Chat);
        }
        sync.addProvider(&mail);
        sync.addProvider(&chat);
    }

    void start(MainWindow& window) {
        window.show();
        sync.start();
        ASSERT_TRUE(waitUntil([&] {
            return sync.status(QStringLiteral("work")).state == AccountState::Live &&
                   sync.status(QStringLiteral("team")).state == AccountState::Live &&
                   window.threadView()->model()->rowCount() >= 40 + kChatChannels;
        })) << window.threadView()->model()->rowCount();
    }

    static constexpr int kChatChannels = 12;
    FakeInboxProvider mail;
    FakeInboxProvider chat;
    InboxStore store;
    SyncController sync;
};

QMenu* menuNamed(MainWindow& window, const QString& name) {
    for (QAction* action : window.menuBar()->actions()) {
        if (action->text().remove(QLatin1Char('&')) == name)
            return action->menu();
    }
    return nullptr;
}

} // namespace

// Dark theme: every check box and radio button (and the check boxes in lists) has an
// outline of at least 3:1 against what it sits on (WCAG 2.1, 1.4.11 non-text contrast).
TEST(WindowLooks, DarkThemeCheckBoxesAndRadiosAreVisible) {
    ThemeGuard guard;
    applyTheme(Theme::Dark);
    ASSERT_TRUE(paletteIsDark());

    QWidget page;
    auto* unchecked = new QCheckBox(QStringLiteral("Show a notification"), &page);
    auto* checked = new QCheckBox(QStringLiteral("Keep names off the disk"), &page);
    checked->setChecked(true);
    auto* radioOff = new QRadioButton(QStringLiteral("Ask"), &page);
    auto* radioOn = new QRadioButton(QStringLiteral("Always"), &page);
    radioOn->setChecked(true);
    int y = 10;
    for (QWidget* w : std::initializer_list<QWidget*>{unchecked, checked, radioOff, radioOn}) {
        w->move(10, y);
        w->adjustSize();
        y += 30;
    }
    page.resize(300, y);
    page.show();
    const QImage image = page.grab().toImage();
    const QColor window = page.palette().color(QPalette::Window);
    for (QAbstractButton* b :
         std::initializer_list<QAbstractButton*>{unchecked, checked, radioOff, radioOn}) {
        QStyleOptionButton option;
        option.initFrom(b);
        const bool radio = qobject_cast<QRadioButton*>(b) != nullptr;
        const QRect indicator =
            b->style()
                ->subElementRect(radio ? QStyle::SE_RadioButtonIndicator : QStyle::SE_CheckBoxIndicator,
                                 &option, b)
                .translated(b->pos());
        EXPECT_GE(strongestContrast(image, indicator, window), 3.0) << b->text().toStdString();
    }
    // A text field's frame too (the search field).
    QLineEdit field(&page);
    field.setPlaceholderText(QStringLiteral("Search conversations"));
    field.setGeometry(10, y, 200, field.sizeHint().height());
    page.resize(300, y + 40);
    field.show();
    const QImage withField = page.grab().toImage();
    const QRect edge(field.x(), field.y() + field.height() / 2, 2, 1);
    EXPECT_GE(strongestContrast(withField, edge, window), 3.0) << "the text field's frame";
    shoot(page, QStringLiteral("dark-indicators"));

    // The settings dialog as it opens: its boxes and the list of accounts to mute.
    InboxStore store;
    SyncController sync(&store, nullptr);
    FakeInboxProvider mail(QStringLiteral("work"), QStringLiteral("Work"));
    mail.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    sync.addProvider(&mail);
    Notifier notifier(&sync, nullptr);
    SettingsDialog dialog(&sync, nullptr, &notifier);
    dialog.show();
    QTest::qWait(20);
    const QImage shot = dialog.grab().toImage();
    const QList<QCheckBox*> boxes = dialog.findChildren<QCheckBox*>();
    ASSERT_FALSE(boxes.isEmpty());
    for (QCheckBox* box : boxes) {
        QStyleOptionButton option;
        option.initFrom(box);
        const QRect indicator = box->style()
                                    ->subElementRect(QStyle::SE_CheckBoxIndicator, &option, box)
                                    .translated(box->mapTo(&dialog, QPoint(0, 0)));
        // Disabled boxes are dimmer, as every disabled control, but still plain to see.
        EXPECT_GE(strongestContrast(shot, indicator, box->palette().color(QPalette::Window)),
                  box->isEnabled() ? 3.0 : 2.0)
            << box->text().toStdString();
    }
    for (QListWidget* list : dialog.findChildren<QListWidget*>()) {
        for (int row = 0; row < list->count(); ++row) {
            if (!(list->item(row)->flags() & Qt::ItemIsUserCheckable))
                continue;
            // The check box sits at the start of the row.
            QRect rect = list->visualItemRect(list->item(row));
            rect.setWidth(rect.height() + 4);
            rect.translate(list->viewport()->mapTo(&dialog, QPoint(0, 0)));
            EXPECT_GE(strongestContrast(shot, rect, list->palette().color(QPalette::Base)), 3.0)
                << list->item(row)->text().toStdString();
        }
    }
    shoot(dialog, QStringLiteral("dark-settings"));
}

// Menus show a single-letter shortcut as typed: "r", not "R" (which reads as Shift+R).
TEST(WindowLooks, MenusShowShortcutsAsTyped) {
    EXPECT_EQ(typedShortcut(QKeySequence(Qt::Key_R)), QStringLiteral("r"));
    EXPECT_EQ(typedShortcut(QKeySequence(Qt::SHIFT | Qt::Key_R)), QStringLiteral("Shift+R"));
    EXPECT_EQ(typedShortcut(QKeySequence(Qt::CTRL | Qt::Key_R)), QStringLiteral("Ctrl+R"));
    EXPECT_EQ(typedShortcut(QKeySequence(Qt::Key_NumberSign)), QStringLiteral("#"));

    // What the style draws for "Reply\tR" is exactly what Fusion draws for "Reply\tr".
    AppStyle style(QStyleFactory::create(QStringLiteral("Fusion")));
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QStyleOptionMenuItem item;
    item.rect = QRect(0, 0, 220, 24);
    item.palette = QApplication::palette();
    item.state = QStyle::State_Enabled;
    item.menuItemType = QStyleOptionMenuItem::Normal;
    item.font = QApplication::font();
    item.fontMetrics = QFontMetrics(item.font);
    item.reservedShortcutWidth = 60;
    const auto draw = [&](QStyle* s, const QString& text) {
        QImage image(220, 24, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter p(&image);
        QStyleOptionMenuItem o = item;
        o.text = text;
        s->drawControl(QStyle::CE_MenuItem, &o, &p);
        return image;
    };
    EXPECT_EQ(draw(&style, QStringLiteral("&Reply\tR")), draw(fusion.get(), QStringLiteral("&Reply\tr")));
    EXPECT_NE(draw(&style, QStringLiteral("&Reply\tR")), draw(fusion.get(), QStringLiteral("&Reply\tR")));
    EXPECT_EQ(draw(&style, QStringLiteral("&Reply All\tCtrl+Shift+R")),
              draw(fusion.get(), QStringLiteral("&Reply All\tCtrl+Shift+R")));

    // The window's actions: the menu entry's shortcut is the first one, never an empty one.
    InboxStore store;
    SyncController sync(&store, nullptr);
    MainWindow window(&sync, &store);
    MailActions* actions = window.mailActions();
    EXPECT_EQ(typedShortcut(actions->action(MailActions::Reply)->shortcut()), QStringLiteral("r"));
    EXPECT_EQ(typedShortcut(actions->action(MailActions::Archive)->shortcut()), QStringLiteral("e"));
    EXPECT_EQ(actions->action(MailActions::Settings)->shortcut(), QKeySequence(QStringLiteral("Ctrl+,")))
        << "Preferences has no key on Linux: the menu shows Ctrl+, instead of nothing";
    for (MailActions::Id id : actions->ids()) {
        for (const QKeySequence& k : actions->action(id)->shortcuts())
            EXPECT_FALSE(k.isEmpty()) << actions->action(id)->text().toStdString();
    }
}

// "?" lists every action with its keys as typed, no empty key before "Ctrl+,".
TEST(WindowLooks, ShortcutSheetShowsKeysAsTyped) {
    InboxStore store;
    SyncController sync(&store, nullptr);
    MainWindow window(&sync, &store);
    window.show();
    window.mailActions()->action(MailActions::ShortcutSheet)->trigger();
    auto* sheet = window.findChild<QDialog*>(QStringLiteral("shortcutSheet"));
    ASSERT_TRUE(sheet);
    auto* table = sheet->findChild<QTableWidget*>();
    ASSERT_TRUE(table);
    QHash<QString, QString> keys;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 1))
            keys.insert(table->item(row, 0)->text().trimmed(), table->item(row, 1)->text());
    }
    EXPECT_EQ(keys.value(QStringLiteral("Reply")), QStringLiteral("r  ·  Ctrl+R"));
    EXPECT_EQ(keys.value(QStringLiteral("Archive")), QStringLiteral("e"));
    EXPECT_EQ(keys.value(QStringLiteral("Next Conversation")), QStringLiteral("j"));
    EXPECT_EQ(keys.value(QStringLiteral("Settings")), QStringLiteral("Ctrl+,"));
    for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
        EXPECT_FALSE(it.value().startsWith(QStringLiteral(" ")))
            << it.key().toStdString() << ": an empty key";
        for (const QString& key : it.value().split(QStringLiteral("  ·  "))) {
            const bool capitalLetter = key.size() == 1 && key.at(0).isUpper();
            EXPECT_FALSE(capitalLetter) << it.key().toStdString() << ": " << key.toStdString();
        }
    }
    shoot(*sheet, QStringLiteral("shortcut-sheet"));
}

// File > Accounts… is there with or without accounts, in every mode; the window asks the
// app to show them.
TEST(WindowLooks, FileMenuOffersAccountsInEveryMode) {
    Inbox inbox;
    MainWindow window(&inbox.sync, &inbox.store);
    QMenu* file = menuNamed(window, QStringLiteral("File"));
    ASSERT_TRUE(file);
    QAction* accounts = window.findChild<QAction*>(QStringLiteral("actionManageAccounts"));
    ASSERT_TRUE(accounts);
    EXPECT_TRUE(file->actions().contains(accounts));
    EXPECT_TRUE(accounts->isEnabled());
    QSignalSpy requested(&window, &MainWindow::accountsRequested);
    accounts->trigger();
    EXPECT_EQ(requested.count(), 1);

    InboxStore empty;
    SyncController none(&empty, nullptr);
    MainWindow bare(&none, &empty);
    EXPECT_TRUE(bare.findChild<QAction*>(QStringLiteral("actionManageAccounts")));
}

// Accounts from a file (--accounts): listed, with where they come from, and nothing to edit.
TEST(WindowLooks, AccountsFromAFileAreListedWithAnExplanation) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("accounts.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        R"json({"accounts": [{"id": "sandbox-alice", "provider": "imap", "displayName": "Alice (sandbox)",
        "colour": "#2f6fde", "settings": {"imapHost": "127.0.0.1", "imapPort": 1143,
        "imapSecurity": "starttls", "smtpHost": "127.0.0.1", "smtpPort": 1587, "smtpSecurity": "starttls",
        "username": "alice@example.org", "emailAddress": "alice@example.org", "fullName": "Alice",
        "passwordEnv": "TRIBUTARY_TEST_UNUSED_PASSWORD"}}]})json");
    file.close();
    const cli::AccountFileResult loaded = cli::loadAccountFile(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error.toStdString();
    ProviderRegistry registry;
    registerBuiltInProviders(registry);
    EnvSecretSource secrets(loaded.accounts);
    AccountManager accounts(registry, ProviderContext{&secrets}, nullptr);
    for (const Account& a : loaded.accounts)
        ASSERT_TRUE(accounts.addAccount(a).ok());

    ManageAccountsDialog dialog(registry, &accounts, nullptr);
    const QString why = QStringLiteral("These accounts come from %1.").arg(path);
    dialog.setReadOnly(why);
    dialog.show();
    AccountsPage* page = dialog.page();
    EXPECT_TRUE(page->isReadOnly());
    auto* list = page->findChild<QListWidget*>(QStringLiteral("accountList"));
    ASSERT_TRUE(list);
    ASSERT_EQ(list->count(), 1);
    EXPECT_TRUE(list->item(0)->text().startsWith(QStringLiteral("Alice (sandbox)")));
    for (const QString& name :
         {QStringLiteral("addAccount"), QStringLiteral("editAccount"), QStringLiteral("removeAccount")}) {
        auto* button = page->findChild<QPushButton*>(name);
        ASSERT_TRUE(button);
        EXPECT_FALSE(button->isVisible()) << name.toStdString();
    }
    auto* status = page->findChild<QLabel*>(QStringLiteral("accountsStatus"));
    ASSERT_TRUE(status);
    EXPECT_TRUE(status->isVisible());
    EXPECT_EQ(status->text(), why);
    QSignalSpy opened(page, &AccountsPage::dialogOpened);
    emit list->itemActivated(list->item(0));
    page->addAccount();
    EXPECT_EQ(opened.count(), 0) << "nothing to edit here";
    shoot(dialog, QStringLiteral("accounts-from-file"));
}

// The add-account dialog with every manual setting open is taller than a small screen:
// it stays within the screen, its form scrolls, and Test, Save and Cancel stay in view.
TEST(WindowLooks, AddAccountDialogFitsTheScreenWithItsButtonsInReach) {
    ProviderRegistry registry;
    registerBuiltInProviders(registry);
    TokenStore::Options options;
    options.service = QStringLiteral("TributaryUiLooksTest");
    TokenStore keychain(options, nullptr); // never asked: nothing is saved here
    AccountManager accounts(registry, ProviderContext{&keychain}, nullptr);
    AccountDialog dialog(registry, &accounts, &keychain);
    dialog.show();
    dialog.setManualSetup(true);
    QTest::qWait(50);
    const QRect screen = dialog.screen()->availableGeometry();
    auto* scroll = dialog.findChild<QScrollArea*>(QStringLiteral("accountDialogScroll"));
    ASSERT_TRUE(scroll);
    const int formHeight = scroll->widget()->height();
    std::cout << "[          ] form " << formHeight << " px on a screen of " << screen.height()
              << " px; dialog " << dialog.height() << " px\n";
    EXPECT_LE(dialog.height(), screen.height() - 40);
    EXPECT_LE(dialog.height(), 1000 - 40) << "fits a 1000-pixel screen with its title bar";
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    ASSERT_TRUE(buttons);
    const QList<QAbstractButton*> all = buttons->buttons();
    ASSERT_EQ(all.size(), 3);
    for (QAbstractButton* b : all) {
        EXPECT_TRUE(b->isVisible()) << b->text().toStdString();
        const QRect r(b->mapTo(&dialog, QPoint(0, 0)), b->size());
        EXPECT_TRUE(dialog.rect().contains(r)) << b->text().toStdString();
    }
    if (formHeight > scroll->viewport()->height()) {
        // What does not fit scrolls: the last field can be reached.
        EXPECT_EQ(scroll->verticalScrollBar()->maximum(), formHeight - scroll->viewport()->height());
    }
    shoot(dialog, QStringLiteral("add-account-manual"));

    // Without the manual settings it is as tall as its content, with no scroll bar.
    dialog.setManualSetup(false);
    QTest::qWait(50);
    EXPECT_EQ(scroll->verticalScrollBar()->maximum(), 0);
    shoot(dialog, QStringLiteral("add-account"));
}

// Welcome page: the logo never overlaps the heading and no text is cut, from a small
// window to a large one, also with the sandbox's hint shown.
TEST(WindowLooks, WelcomePageLogoAndTextNeverOverlap) {
    WelcomeWidget welcome;
    welcome.show();
    for (const bool hint : {false, true}) {
        welcome.setSandboxAvailable(!hint,
                                    hint ? QStringLiteral("Starting the local sandbox… The first start "
                                                          "writes 5,000 sample messages and takes about "
                                                          "a minute.")
                                         : QString());
        for (const QSize size : {QSize(1600, 960), QSize(900, 556), QSize(640, 420)}) {
            welcome.resize(size);
            QTest::qWait(20);
            SCOPED_TRACE(QStringLiteral("%1x%2%3")
                             .arg(size.width())
                             .arg(size.height())
                             .arg(hint ? QStringLiteral(" with hint") : QString())
                             .toStdString());
            QList<QWidget*> shown;
            for (QWidget* w : welcome.findChildren<QWidget*>()) {
                if (w->isVisible() && (qobject_cast<QLabel*>(w) || qobject_cast<QPushButton*>(w)))
                    shown.append(w);
            }
            ASSERT_GE(shown.size(), 5);
            const auto rectOf = [&](QWidget* w) {
                return QRect(w->mapTo(&welcome, QPoint(0, 0)), w->size());
            };
            for (qsizetype i = 0; i < shown.size(); ++i) {
                for (qsizetype j = i + 1; j < shown.size(); ++j) {
                    EXPECT_FALSE(rectOf(shown[i]).intersects(rectOf(shown[j])))
                        << shown[i]->metaObject()->className() << " and "
                        << shown[j]->metaObject()->className();
                }
                auto* label = qobject_cast<QLabel*>(shown[i]);
                if (label && label->wordWrap()) {
                    EXPECT_GE(label->height(), label->heightForWidth(label->width()))
                        << "cut: " << label->text().toStdString();
                }
                if (label && !label->pixmap().isNull()) {
                    EXPECT_GE(label->height(),
                              int(label->pixmap().height() / label->pixmap().devicePixelRatio()));
                }
            }
            shoot(welcome, QStringLiteral("welcome-%1x%2%3")
                               .arg(size.width())
                               .arg(size.height())
                               .arg(hint ? QStringLiteral("-hint") : QString()));
        }
    }
}

// At 900×600 the window keeps its three panes usable: each keeps a useful width, the
// conversation shows whole, nothing is pushed off the window.
TEST(WindowLooks, SmallWindowStaysUsable) {
    Inbox inbox;
    MainWindow window(&inbox.sync, &inbox.store);
    window.resize(900, 600);
    inbox.start(window);
    ASSERT_TRUE(window.selectThread(
        window.threadView()->model()->index(0, 0).data(ThreadListModel::ThreadIdRole).toString()));
    QTest::qWait(100);
    EXPECT_EQ(window.size(), QSize(900, 600)) << "the window can be this small";
    EXPECT_LE(window.minimumSizeHint().width(), 900);
    auto* splitter = window.findChild<QSplitter*>(QStringLiteral("mainSplitter"));
    ASSERT_TRUE(splitter);
    const QList<int> sizes = splitter->sizes();
    ASSERT_EQ(sizes.size(), 3);
    EXPECT_GE(sizes[1], 260) << "the list shows sender, subject and time";
    EXPECT_GE(sizes[2], 380) << "the conversation gets the most room";
    int total = 0;
    for (int s : sizes)
        total += s;
    EXPECT_LE(total + 2 * splitter->handleWidth(), window.width());
    auto* scroll = window.conversationView()->findChild<QScrollArea*>();
    ASSERT_TRUE(scroll);
    EXPECT_LE(scroll->widget()->width(), scroll->viewport()->width());
    shoot(window, QStringLiteral("small-window"));
}

// The Chats view opens at the top of its list, where the newest conversation is, not
// wherever the previous view was scrolled to.
TEST(WindowLooks, ChatsViewOpensAtTheNewestRow) {
    Inbox inbox;
    MainWindow window(&inbox.sync, &inbox.store);
    window.resize(1200, 700);
    inbox.start(window);
    QListView* list = window.threadView();
    list->scrollToBottom();
    ASSERT_GT(list->verticalScrollBar()->value(), 0);
    window.selectView(UnifiedView::Chats);
    ASSERT_TRUE(waitUntil([&] { return list->model()->rowCount() == Inbox::kChatChannels; }));
    QTest::qWait(50);
    EXPECT_EQ(list->verticalScrollBar()->value(), 0);
    const QModelIndex newest = list->model()->index(0, 0);
    EXPECT_TRUE(list->viewport()->rect().contains(list->visualRect(newest).topLeft()));
    shoot(window, QStringLiteral("chats-view"));
}
