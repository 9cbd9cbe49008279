#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

class QWebEngineProfile;

namespace tributary::ui {

class MessageReader;
class ReaderSchemeHandler;

//! The one browser profile every message reader shares: off the record (nothing on disk:
//! no cache, cookies, local storage or history), cookies refused outright, JavaScript,
//! plugins, local file access, DNS prefetch and link auditing off by default. It serves
//! the readers' documents and cid: parts through ReaderSchemeHandler, which finds the
//! reader by the token in the URL. One profile, because each one is a whole browser context.
class ReaderProfile : public QObject {
    Q_OBJECT
public:
    //! The shared profile, created on first use and owned by the application object.
    static ReaderProfile* instance();

    QWebEngineProfile* profile() const { return m_profile; }

    //! A fresh token under which `reader`'s document and parts are served.
    QString registerReader(MessageReader* reader);
    void unregisterReader(const QString& token);
    //! The reader behind `token`, or null once it is gone.
    MessageReader* reader(const QString& token) const;

private:
    explicit ReaderProfile(QObject* parent);

    QWebEngineProfile* m_profile = nullptr;
    ReaderSchemeHandler* m_handler = nullptr;
    QHash<QString, QPointer<MessageReader>> m_readers;
};

} // namespace tributary::ui
