#include "SaveAttachmentDialog.h"

#include "files/SafeFileName.h"

#include <QFileDialog>

namespace tributary::ui {

QFileDialog* createSaveAttachmentDialog(QWidget* parent, const QString& attachmentName,
                                        const QString& folder) {
    auto* dialog = new QFileDialog(parent, QObject::tr("Save Attachment"), folder);
    dialog->setObjectName(QStringLiteral("saveAttachmentDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setOption(QFileDialog::DontConfirmOverwrite, false);
    dialog->selectFile(safeFileName(attachmentName));
    return dialog;
}

} // namespace tributary::ui
