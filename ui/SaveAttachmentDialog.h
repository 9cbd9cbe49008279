#pragma once

#include <QString>

class QFileDialog;
class QWidget;

namespace tributary::ui {

//! The "Save Attachment" dialog, not yet shown: it proposes, in `folder`, the attachment's
//! name made safe (safeFileName(): one component, no dotfile, no control characters or
//! reserved names) and asks before replacing a file. It deletes itself when closed; the
//! caller connects QFileDialog::fileSelected and calls open().
QFileDialog* createSaveAttachmentDialog(QWidget* parent, const QString& attachmentName,
                                        const QString& folder);

} // namespace tributary::ui
