#include "imap/ImapDates.h"

namespace tributary::imap {

namespace {

inline char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

int monthFromName(QByteArrayView name) {
    static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    if (name.size() < 3)
        return 0;
    const char a = lower(name[0]);
    const char b = lower(name[1]);
    const char c = lower(name[2]);
    for (int i = 0; i < 12; ++i) {
        if (months[i][0] == a && months[i][1] == b && months[i][2] == c)
            return i + 1;
    }
    return 0;
}

//! A small cursor for date text: numbers, words and separators.
class DateScanner {
public:
    explicit DateScanner(QByteArrayView s)
        : m_s(s) {}

    void skip() {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' || m_s[m_pos] == ',' ||
                                      m_s[m_pos] == '\r' || m_s[m_pos] == '\n'))
            ++m_pos;
    }
    bool atEnd() {
        skip();
        return m_pos >= m_s.size();
    }
    char peek() {
        skip();
        return m_pos < m_s.size() ? m_s[m_pos] : '\0';
    }
    bool isDigitNext() {
        const char c = peek();
        return c >= '0' && c <= '9';
    }
    //! Digits only; -1 if none.
    int number(int* digits = nullptr) {
        skip();
        int value = 0;
        int count = 0;
        while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9' && count < 9) {
            value = value * 10 + (m_s[m_pos] - '0');
            ++m_pos;
            ++count;
        }
        if (digits)
            *digits = count;
        return count == 0 ? -1 : value;
    }
    QByteArrayView word() {
        skip();
        const qsizetype start = m_pos;
        while (m_pos < m_s.size()) {
            const char c = lower(m_s[m_pos]);
            if (!((c >= 'a' && c <= 'z') || c == '.'))
                break;
            ++m_pos;
        }
        return m_s.sliced(start, m_pos - start);
    }
    bool consume(char c) {
        if (m_pos < m_s.size() && m_s[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

private:
    QByteArrayView m_s;
    qsizetype m_pos = 0;
};

int fixYear(int year, int digits) {
    if (digits <= 2)
        return year < 50 ? 2000 + year : 1900 + year; // RFC 5322 4.3
    if (digits == 3)
        return 1900 + year;
    return year;
}

//! Zone offset in seconds from "+hhmm", "-hhmm" or an obsolete name; 0 if unknown.
int zoneOffset(DateScanner& sc) {
    const char c = sc.peek();
    if (c == '+' || c == '-') {
        sc.consume(c);
        int digits = 0;
        const int hhmm = sc.number(&digits);
        if (hhmm < 0 || digits > 4)
            return 0; // "+99999999" is no zone (and would overflow): unknown, as UTC
        int offset = (digits <= 2) ? hhmm * 3600 : (hhmm / 100) * 3600 + (hhmm % 100) * 60;
        return c == '-' ? -offset : offset;
    }
    const QByteArrayView name = sc.word();
    struct Zone {
        const char* name;
        int hours;
    };
    static const Zone zones[] = {{"ut", 0},   {"utc", 0},  {"gmt", 0},  {"z", 0},    {"est", -5},
                                 {"edt", -4}, {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6},
                                 {"pst", -8}, {"pdt", -7}, {"cet", 1},  {"cest", 2}};
    for (const Zone& z : zones) {
        if (name.compare(QByteArrayView(z.name), Qt::CaseInsensitive) == 0)
            return z.hours * 3600;
    }
    return 0; // military and unknown zones mean "unknown": treat as UTC (RFC 5322 4.3)
}

QDateTime makeUtc(int year, int month, int day, int h, int m, int s, int offsetSeconds) {
    if (year < 1 || year > 9999)
        return {}; // four digits (RFC 5322 3.3): a date in year 999,999,999 is no date
    const QDate date(year, month, day);
    const QTime time(h, m, s);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds);
}

} // namespace

QDateTime parseInternalDate(QByteArrayView text) {
    // date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
    DateScanner sc(text);
    const int day = sc.number();
    if (day < 0 || !sc.consume('-'))
        return {};
    const int month = monthFromName(sc.word());
    if (month == 0 || !sc.consume('-'))
        return {};
    const int year = sc.number();
    const int h = sc.number();
    if (!sc.consume(':'))
        return {};
    const int m = sc.number();
    if (!sc.consume(':'))
        return {};
    const int s = sc.number();
    const int offset = zoneOffset(sc);
    if (year < 0 || h < 0 || m < 0 || s < 0)
        return {};
    return makeUtc(year, month, day, h, m, s, offset);
}

QDateTime parseRfc5322Date(QByteArrayView text) {
    DateScanner sc(text);
    // Optional day of week, then either "23 Nov 2026 ..." or asctime's "Nov 23 ... 2026".
    for (int words = 0; !sc.isDigitNext() && words < 2; ++words) {
        const QByteArrayView first = sc.word();
        if (first.isEmpty())
            return {};
        if (const int month = monthFromName(first); month != 0 && sc.isDigitNext()) {
            const int day = sc.number();
            int h = 0, m = 0, s = 0;
            int yearDigits = 0;
            int year = -1;
            // Either "23 09:18:12 2026" or "23 2026 09:18:12".
            const int n = sc.number(&yearDigits);
            if (sc.consume(':')) {
                h = n;
                m = sc.number();
                if (sc.consume(':'))
                    s = sc.number();
                year = sc.number(&yearDigits);
            } else {
                year = n;
                h = sc.number();
                sc.consume(':');
                m = sc.number();
                if (sc.consume(':'))
                    s = sc.number();
            }
            if (year < 0 || day < 0)
                return {};
            return makeUtc(fixYear(year, yearDigits), month, day, qMax(h, 0), qMax(m, 0), qMax(s, 0),
                           zoneOffset(sc));
        }
    }
    const int day = sc.number();
    if (day < 0)
        return {};
    sc.consume('-');
    const int month = monthFromName(sc.word());
    if (month == 0)
        return {};
    sc.consume('-');
    int yearDigits = 0;
    const int year = sc.number(&yearDigits);
    if (year < 0)
        return {};
    int h = 0, m = 0, s = 0;
    if (sc.isDigitNext()) {
        h = sc.number();
        if (!sc.consume(':') && !sc.consume('.'))
            return {};
        m = sc.number();
        if (sc.consume(':') || sc.consume('.'))
            s = sc.number();
        if (h < 0 || m < 0 || s < 0)
            return {};
    }
    if (s == 60)
        s = 59; // leap second
    return makeUtc(fixYear(year, yearDigits), month, day, h, m, s, zoneOffset(sc));
}

} // namespace tributary::imap
