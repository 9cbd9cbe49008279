#pragma once

#include <QTextEdit>

namespace tributary::ui {

//! The body editor. Files dropped or pasted onto it become attachments (filesDropped)
//! instead of links in the text; quoted lines ("> ...") are shown dimmed.
class ComposerBody : public QTextEdit {
    Q_OBJECT
public:
    explicit ComposerBody(QWidget* parent = nullptr);

    //! The local files in a drag or a paste, if it carries only local files.
    static QStringList localFiles(const QMimeData* data);

signals:
    void filesDropped(const QStringList& paths);

protected:
    bool canInsertFromMimeData(const QMimeData* source) const override;
    void insertFromMimeData(const QMimeData* source) override;
};

} // namespace tributary::ui
