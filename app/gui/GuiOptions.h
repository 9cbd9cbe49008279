#pragma once

#include <QString>
#include <QStringList>

namespace tributary::gui {

//! The desktop app's command line.
struct GuiOptions {
    //! Sandbox/dev mode: accounts from this file, secrets from the environment variables it names.
    QString accountsFile;
    //! The view-state cache file; empty: the default for the mode.
    QString cacheFile;
    bool noCache = false;
    //! Write a PNG of the window once the accounts have synced, then quit.
    QString screenshotFile;
    int screenshotTimeoutSeconds = 60;
    QString screenshotScene; //!< Screenshot::sceneNames()
    QString screenshotView;  //!< a unified view (all, unread, flagged, email, chats) or a folder's name
    QString screenshotOpen;  //!< open the first conversation whose subject or snippet has this text
    int screenshotWidth = 0; //!< the window's size for the picture; 0: as it opens
    int screenshotHeight = 0;
    QString theme;        //!< light | dark | system for this run; empty: the saved setting
    QString error;        //!< a usage error, if any
    QStringList warnings; //!< options we did not recognize (Qt and Chromium take some of their own)
    bool exitNow = false; //!< --help / --version was answered
};

GuiOptions parseGuiOptions(const QStringList& arguments);

} // namespace tributary::gui
