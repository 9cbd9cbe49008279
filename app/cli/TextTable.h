#pragma once

#include <QList>
#include <QString>
#include <QStringList>

class QTextStream;

namespace tributary::cli {

//! Aligned columns for human output: every column as wide as its widest cell; the last
//! column is not padded so lines carry no trailing blanks.
class TextTable {
public:
    explicit TextTable(QStringList headers);
    void addRow(QStringList cells);
    //! Right-align this column (numbers, sizes).
    void alignRight(int column);
    int rowCount() const { return m_rows.size(); }
    void print(QTextStream& out) const;

    //! Shortens text to at most `width` characters, marking the cut with an ellipsis.
    static QString elide(const QString& text, int width);

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
    QList<bool> m_rightAligned;
};

} // namespace tributary::cli
