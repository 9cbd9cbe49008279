#include "cli/TextTable.h"

#include <QTextStream>

namespace tributary::cli {

TextTable::TextTable(QStringList headers)
    : m_headers(std::move(headers))
    , m_rightAligned(m_headers.size(), false) {}

void TextTable::addRow(QStringList cells) {
    while (cells.size() < m_headers.size())
        cells.append(QString());
    m_rows.append(std::move(cells));
}

void TextTable::alignRight(int column) {
    if (column >= 0 && column < m_rightAligned.size())
        m_rightAligned[column] = true;
}

QString TextTable::elide(const QString& text, int width) {
    QString flat = text.simplified();
    if (flat.size() <= width)
        return flat;
    return flat.left(std::max(0, width - 1)) + QChar(0x2026);
}

void TextTable::print(QTextStream& out) const {
    const qsizetype columns = m_headers.size();
    QList<qsizetype> widths(columns, 0);
    auto measure = [&](const QStringList& row) {
        for (qsizetype c = 0; c < columns; ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    };
    measure(m_headers);
    for (const QStringList& row : m_rows)
        measure(row);

    auto printRow = [&](const QStringList& row) {
        QString line;
        for (qsizetype c = 0; c < columns; ++c) {
            const bool last = c == columns - 1;
            const QString& cell = row.at(c);
            if (m_rightAligned.at(c))
                line += cell.rightJustified(widths[c]);
            else
                line += last ? cell : cell.leftJustified(widths[c]);
            if (!last)
                line += QStringLiteral("  ");
        }
        // Trailing blanks come from empty right-hand cells; they help nobody.
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out << line << '\n';
    };
    printRow(m_headers);
    for (const QStringList& row : m_rows)
        printRow(row);
}

} // namespace tributary::cli
