#include "widgets/itemdiffpane.h"

#include <QEvent>

#include <optional>

#include "cascade/compare/money.h"
#include "cascade/store/runreader.h"
#include "widgets/alignmentmodel.h"
#include "widgets/displayformat.h"
#include "widgets/statusbadge.h"
#include "widgets/worddiffhtml.h"

using cascade::AlignedItem;
using cascade::CallRecord;
using cascade::ItemChange;

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// The last user message of a chat request: the part of the prompt a template renders.
std::string promptOf(const CallRecord& call) {
    const auto messages = call.request.find("messages");
    if (messages == call.request.end() || !messages->is_array()) return {};
    std::string text;
    for (const auto& message : *messages)
        if (message.is_object() && message.value("role", "") == "user" &&
            message.contains("content") && message["content"].is_string())
            text = message["content"].get<std::string>();
    return text;
}

QString callSummary(const std::optional<CallRecord>& call) {
    if (!call) return QObject::tr("<i>no call</i>");
    QString text = QStringLiteral("<b>%1</b> · %2 → %3 tokens · %4 · %5")
                       .arg(qs(call->model).toHtmlEscaped(), DisplayFormat::tokens(call->tokens_in),
                            DisplayFormat::tokens(call->tokens_out),
                            qs(cascade::format_money(call->cost + call->saved_cost)),
                            DisplayFormat::latency(call->latency_ms));
    if (call->cache_hit) text += QObject::tr(" · cached");
    if (!call->ok) text += QObject::tr(" · <b>failed</b>: %1").arg(qs(call->error).toHtmlEscaped());
    return text;
}

QString section(const QString& title, const QString& body) {
    return QStringLiteral("<h4 style=\"margin-bottom:2px\">%1</h4><div>%2</div>").arg(title, body);
}

QString sideBySide(const QString& a, const QString& b) {
    return QStringLiteral(
               "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\" border=\"0\"><tr>"
               "<th align=\"left\" width=\"50%\">A</th><th align=\"left\" width=\"50%\">B</th></tr>"
               "<tr><td valign=\"top\">%1</td><td valign=\"top\">%2</td></tr></table>")
        .arg(a, b);
}

}  // namespace

ItemDiffPane::ItemDiffPane(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    clearItem();
}

void ItemDiffPane::clearItem(const QString& message) {
    item_.reset();
    reader_.reset();
    placeholder_ = message.isEmpty() ? tr("Select an item to see both versions.") : message;
    setHtml(
        QStringLiteral("<p style=\"color:%1\">%2</p>")
            .arg(palette().color(QPalette::PlaceholderText).name(), placeholder_.toHtmlEscaped()));
}

void ItemDiffPane::showItem(const AlignedItem& item, std::shared_ptr<cascade::RunReader> reader,
                            qint64 run_a, qint64 run_b) {
    item_ = item;
    reader_ = std::move(reader);
    run_a_ = run_a;
    run_b_ = run_b;
    render();
}

void ItemDiffPane::render() {
    const AlignedItem& item = *item_;
    const qint64 run_a = run_a_;
    const qint64 run_b = run_b_;
    const QPalette pal = palette();
    QString html = QStringLiteral("<h3>%1</h3>").arg(qs(item.key).toHtmlEscaped());
    QString what = AlignmentModel::changeText(item.change);
    if (item.change == ItemChange::Changed)
        what += QStringLiteral(": ") + AlignmentModel::whatChanged(item);
    html += QStringLiteral("<p>%1 · A = run %2, B = run %3</p>")
                .arg(what.toHtmlEscaped())
                .arg(run_a)
                .arg(run_b);

    const auto status = [](const std::optional<cascade::Item>& side) {
        return side ? StatusBadge::html(side->status) : QObject::tr("<i>absent</i>");
    };
    html +=
        section(tr("Status"), status(item.a) + QStringLiteral(" &nbsp;→&nbsp; ") + status(item.b));

    const std::string reason_a = item.a ? item.a->reason : std::string();
    const std::string reason_b = item.b ? item.b->reason : std::string();
    if (!reason_a.empty() || !reason_b.empty())
        html += section(tr("Reason"), WordDiffHtml::diff(reason_a, reason_b, pal));

    const std::string text_a =
        item.a ? cascade::ItemAlignment::display_text(*item.a) : std::string();
    const std::string text_b =
        item.b ? cascade::ItemAlignment::display_text(*item.b) : std::string();
    if (item.change == ItemChange::Changed && item.data_changed)
        html += section(tr("Text (word diff)"), WordDiffHtml::diff(text_a, text_b, pal));
    html += section(tr("Both versions"),
                    sideBySide(item.a ? WordDiffHtml::escape(qs(text_a)) : tr("<i>absent</i>"),
                               item.b ? WordDiffHtml::escape(qs(text_b)) : tr("<i>absent</i>")));

    const std::string scores_a = item.a ? item.a->scores.dump(1) : std::string();
    const std::string scores_b = item.b ? item.b->scores.dump(1) : std::string();
    if (item.scores_changed || (item.a && !item.a->scores.empty()) ||
        (item.b && !item.b->scores.empty()))
        html += section(tr("Scores"), WordDiffHtml::diff(scores_a, scores_b, pal));

    html += callsHtml();
    setHtml(html);
}

QString ItemDiffPane::callsHtml() const {
    const AlignedItem& item = *item_;
    cascade::RunReader* reader = reader_.get();
    std::optional<CallRecord> a, b;
    if (reader && item.a && item.a->call_id) a = reader->call(*item.a->call_id);
    if (reader && item.b && item.b->call_id) b = reader->call(*item.b->call_id);
    if (!a && !b) return {};
    const QPalette pal = palette();
    QString html = section(tr("Calls"), sideBySide(callSummary(a), callSummary(b)));
    const std::string prompt_a = a ? promptOf(*a) : std::string();
    const std::string prompt_b = b ? promptOf(*b) : std::string();
    if (!prompt_a.empty() || !prompt_b.empty())
        html += section(prompt_a == prompt_b ? tr("Prompt (the same)") : tr("Prompt (word diff)"),
                        WordDiffHtml::diff(prompt_a, prompt_b, pal));
    const std::string reply_a = a ? a->text : std::string();
    const std::string reply_b = b ? b->text : std::string();
    html += section(reply_a == reply_b ? tr("Reply (the same)") : tr("Reply (word diff)"),
                    WordDiffHtml::diff(reply_a, reply_b, pal));
    html += section(tr("Replies"), sideBySide(WordDiffHtml::escape(qs(reply_a)),
                                              WordDiffHtml::escape(qs(reply_b))));
    return html;
}

void ItemDiffPane::changeEvent(QEvent* event) {
    QTextBrowser::changeEvent(event);
    // Diff colours are picked for the palette: redraw in the new one.
    if (event->type() != QEvent::PaletteChange) return;
    if (item_)
        render();
    else
        clearItem(placeholder_);
}
