#pragma once

#include <QTextBrowser>

namespace tributary::ui {

//! A read-only text view for message content that loads nothing but Tributary's own
//! icons ("tributary-icon:<name>"): no remote
//! images (tracking pixels), no local files, no navigation. Links are reported through
//! anchorClicked() and opened by the caller in the user's browser.
class SafeTextBrowser : public QTextBrowser {
    Q_OBJECT
public:
    explicit SafeTextBrowser(QWidget* parent = nullptr);

    QVariant loadResource(int type, const QUrl& name) override;
};

} // namespace tributary::ui
