#include "util/EmojiShortcodes.h"

#include <QHash>
#include <algorithm>

namespace tributary {

namespace {

const QHash<QString, QString>& shortcodeTable() {
    // The shortcodes people use most (Slack's picker defaults, reactions seen in support
    // channels; the same names GitHub, Discord and Teams use). Anything else is shown as typed.
    static const QHash<QString, QString> table{
        {QStringLiteral("+1"), QString::fromUtf8("👍")},
        {QStringLiteral("-1"), QString::fromUtf8("👎")},
        {QStringLiteral("100"), QString::fromUtf8("💯")},
        {QStringLiteral("balloon"), QString::fromUtf8("🎈")},
        {QStringLiteral("beer"), QString::fromUtf8("🍺")},
        {QStringLiteral("blue_heart"), QString::fromUtf8("💙")},
        {QStringLiteral("blush"), QString::fromUtf8("😊")},
        {QStringLiteral("boom"), QString::fromUtf8("💥")},
        {QStringLiteral("broken_heart"), QString::fromUtf8("💔")},
        {QStringLiteral("bug"), QString::fromUtf8("🐛")},
        {QStringLiteral("bulb"), QString::fromUtf8("💡")},
        {QStringLiteral("cake"), QString::fromUtf8("🍰")},
        {QStringLiteral("calendar"), QString::fromUtf8("📆")},
        {QStringLiteral("calling"), QString::fromUtf8("📲")},
        {QStringLiteral("chart_with_upwards_trend"), QString::fromUtf8("📈")},
        {QStringLiteral("checkered_flag"), QString::fromUtf8("🏁")},
        {QStringLiteral("clap"), QString::fromUtf8("👏")},
        {QStringLiteral("cloud"), QString::fromUtf8("☁️")},
        {QStringLiteral("coffee"), QString::fromUtf8("☕")},
        {QStringLiteral("confused"), QString::fromUtf8("😕")},
        {QStringLiteral("cry"), QString::fromUtf8("😢")},
        {QStringLiteral("date"), QString::fromUtf8("📅")},
        {QStringLiteral("disappointed"), QString::fromUtf8("😞")},
        {QStringLiteral("email"), QString::fromUtf8("📧")},
        {QStringLiteral("exclamation"), QString::fromUtf8("❗")},
        {QStringLiteral("eyes"), QString::fromUtf8("👀")},
        {QStringLiteral("facepalm"), QString::fromUtf8("🤦")},
        {QStringLiteral("fire"), QString::fromUtf8("🔥")},
        {QStringLiteral("five"), QString::fromUtf8("5️⃣")},
        {QStringLiteral("four"), QString::fromUtf8("4️⃣")},
        {QStringLiteral("gear"), QString::fromUtf8("⚙️")},
        {QStringLiteral("ghost"), QString::fromUtf8("👻")},
        {QStringLiteral("gift"), QString::fromUtf8("🎁")},
        {QStringLiteral("green_heart"), QString::fromUtf8("💚")},
        {QStringLiteral("grimacing"), QString::fromUtf8("😬")},
        {QStringLiteral("grinning"), QString::fromUtf8("😀")},
        {QStringLiteral("hammer_and_wrench"), QString::fromUtf8("🛠️")},
        {QStringLiteral("handshake"), QString::fromUtf8("🤝")},
        {QStringLiteral("heart"), QString::fromUtf8("❤️")},
        {QStringLiteral("heart_eyes"), QString::fromUtf8("😍")},
        {QStringLiteral("heavy_check_mark"), QString::fromUtf8("✔️")},
        {QStringLiteral("heavy_plus_sign"), QString::fromUtf8("➕")},
        {QStringLiteral("hotsprings"), QString::fromUtf8("♨️")},
        {QStringLiteral("hourglass"), QString::fromUtf8("⌛")},
        {QStringLiteral("hugging_face"), QString::fromUtf8("🤗")},
        {QStringLiteral("joy"), QString::fromUtf8("😂")},
        {QStringLiteral("key"), QString::fromUtf8("🔑")},
        {QStringLiteral("kissing_heart"), QString::fromUtf8("😘")},
        {QStringLiteral("laughing"), QString::fromUtf8("😆")},
        {QStringLiteral("link"), QString::fromUtf8("🔗")},
        {QStringLiteral("lock"), QString::fromUtf8("🔒")},
        {QStringLiteral("mag"), QString::fromUtf8("🔍")},
        {QStringLiteral("medal"), QString::fromUtf8("🏅")},
        {QStringLiteral("memo"), QString::fromUtf8("📝")},
        {QStringLiteral("muscle"), QString::fromUtf8("💪")},
        {QStringLiteral("neutral_face"), QString::fromUtf8("😐")},
        {QStringLiteral("ok_hand"), QString::fromUtf8("👌")},
        {QStringLiteral("one"), QString::fromUtf8("1️⃣")},
        {QStringLiteral("package"), QString::fromUtf8("📦")},
        {QStringLiteral("party_popper"), QString::fromUtf8("🎉")},
        {QStringLiteral("partying_face"), QString::fromUtf8("🥳")},
        {QStringLiteral("pencil"), QString::fromUtf8("📝")},
        {QStringLiteral("phone"), QString::fromUtf8("📞")},
        {QStringLiteral("pizza"), QString::fromUtf8("🍕")},
        {QStringLiteral("point_right"), QString::fromUtf8("👉")},
        {QStringLiteral("point_up"), QString::fromUtf8("☝️")},
        {QStringLiteral("pray"), QString::fromUtf8("🙏")},
        {QStringLiteral("question"), QString::fromUtf8("❓")},
        {QStringLiteral("rage"), QString::fromUtf8("😡")},
        {QStringLiteral("rainbow"), QString::fromUtf8("🌈")},
        {QStringLiteral("raised_hands"), QString::fromUtf8("🙌")},
        {QStringLiteral("robot_face"), QString::fromUtf8("🤖")},
        {QStringLiteral("rocket"), QString::fromUtf8("🚀")},
        {QStringLiteral("rolling_on_the_floor_laughing"), QString::fromUtf8("🤣")},
        {QStringLiteral("scream"), QString::fromUtf8("😱")},
        {QStringLiteral("see_no_evil"), QString::fromUtf8("🙈")},
        {QStringLiteral("shipit"), QString::fromUtf8("🐿️")},
        {QStringLiteral("shrug"), QString::fromUtf8("🤷")},
        {QStringLiteral("skull"), QString::fromUtf8("💀")},
        {QStringLiteral("slightly_smiling_face"), QString::fromUtf8("🙂")},
        {QStringLiteral("smile"), QString::fromUtf8("😄")},
        {QStringLiteral("smiley"), QString::fromUtf8("😃")},
        {QStringLiteral("snowflake"), QString::fromUtf8("❄️")},
        {QStringLiteral("sob"), QString::fromUtf8("😭")},
        {QStringLiteral("sparkles"), QString::fromUtf8("✨")},
        {QStringLiteral("speech_balloon"), QString::fromUtf8("💬")},
        {QStringLiteral("star"), QString::fromUtf8("⭐")},
        {QStringLiteral("stopwatch"), QString::fromUtf8("⏱️")},
        {QStringLiteral("sun"), QString::fromUtf8("☀️")},
        {QStringLiteral("sunglasses"), QString::fromUtf8("😎")},
        {QStringLiteral("sunny"), QString::fromUtf8("☀️")},
        {QStringLiteral("sushi"), QString::fromUtf8("🍣")},
        {QStringLiteral("sweat_smile"), QString::fromUtf8("😅")},
        {QStringLiteral("table_tennis_paddle_and_ball"), QString::fromUtf8("🏓")},
        {QStringLiteral("tada"), QString::fromUtf8("🎉")},
        {QStringLiteral("thinking_face"), QString::fromUtf8("🤔")},
        {QStringLiteral("three"), QString::fromUtf8("3️⃣")},
        {QStringLiteral("thumbs_up"), QString::fromUtf8("👍")},
        {QStringLiteral("thumbsdown"), QString::fromUtf8("👎")},
        {QStringLiteral("thumbsup"), QString::fromUtf8("👍")},
        {QStringLiteral("trophy"), QString::fromUtf8("🏆")},
        {QStringLiteral("two"), QString::fromUtf8("2️⃣")},
        {QStringLiteral("umbrella"), QString::fromUtf8("☂️")},
        {QStringLiteral("upside_down_face"), QString::fromUtf8("🙃")},
        {QStringLiteral("warning"), QString::fromUtf8("⚠️")},
        {QStringLiteral("wave"), QString::fromUtf8("👋")},
        {QStringLiteral("white_check_mark"), QString::fromUtf8("✅")},
        {QStringLiteral("wine_glass"), QString::fromUtf8("🍷")},
        {QStringLiteral("wink"), QString::fromUtf8("😉")},
        {QStringLiteral("x"), QString::fromUtf8("❌")},
        {QStringLiteral("zap"), QString::fromUtf8("⚡")},
    };
    return table;
}

} // namespace

QString emojiForShortcode(const QString& shortcode) {
    QString name = shortcode;
    const qsizetype tone = name.indexOf(QLatin1String("::skin-tone-"));
    if (tone >= 0)
        name.truncate(tone);
    return shortcodeTable().value(name);
}

QList<EmojiShortcode> emojiMatching(const QString& prefix, int limit) {
    QList<EmojiShortcode> starts;
    QList<EmojiShortcode> contains;
    const QString wanted = prefix.toLower();
    const QHash<QString, QString>& table = shortcodeTable();
    for (auto it = table.cbegin(); it != table.cend(); ++it) {
        if (it.key().startsWith(wanted))
            starts.append({it.key(), it.value()});
        else if (!wanted.isEmpty() && it.key().contains(wanted))
            contains.append({it.key(), it.value()});
    }
    // Whole-word starts first, shortest first ("smile" before "smiley"), then the rest.
    const auto order = [](const EmojiShortcode& a, const EmojiShortcode& b) {
        return a.name.size() != b.name.size() ? a.name.size() < b.name.size() : a.name < b.name;
    };
    std::sort(starts.begin(), starts.end(), order);
    std::sort(contains.begin(), contains.end(), order);
    starts.append(contains);
    if (starts.size() > limit)
        starts.resize(limit);
    return starts;
}

} // namespace tributary
