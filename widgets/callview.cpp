#include "widgets/callview.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "widgets/displayformat.h"
#include "widgets/statusbadge.h"

namespace {

QString content_text(const cascade::Json& content) {
    if (content.is_string()) return QString::fromStdString(content.get<std::string>());
    // Multi-part content: the text parts, and a marker for anything else (images...).
    QStringList parts;
    if (content.is_array())
        for (const auto& part : content) {
            if (part.is_object() && part.value("type", "") == "text")
                parts << QString::fromStdString(part.value("text", ""));
            else
                parts << QStringLiteral("[%1]").arg(QString::fromStdString(part.dump()));
        }
    return parts.join(QLatin1Char('\n'));
}

QString pre(const QString& text) {
    return QStringLiteral("<pre style=\"white-space: pre-wrap\">%1</pre>")
        .arg(text.toHtmlEscaped());
}

}  // namespace

CallView::CallView(QWidget* parent) : QWidget(parent) {
    facts_ = new QLabel(this);
    facts_->setWordWrap(true);
    facts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setStyleSheet(
        QStringLiteral("color: %1").arg(StatusBadge::color(cascade::ItemStatus::Error).name()));
    prompt_ = new QTextBrowser(this);
    prompt_->setOpenLinks(false);
    reply_ = new QPlainTextEdit(this);
    reply_->setReadOnly(true);
    raw_ = new QCheckBox(tr("Raw HTTP response"), this);
    raw_->setToolTip(tr("Show the provider's response body instead of the reply text"));
    connect(raw_, &QCheckBox::toggled, this, &CallView::showReply);

    auto* reply_box = new QWidget(this);
    auto* reply_layout = new QVBoxLayout(reply_box);
    reply_layout->setContentsMargins(0, 0, 0, 0);
    auto* reply_header = new QHBoxLayout;
    reply_header->addWidget(new QLabel(tr("<b>Reply</b>"), reply_box));
    reply_header->addStretch();
    reply_header->addWidget(raw_);
    reply_layout->addLayout(reply_header);
    reply_layout->addWidget(reply_);

    auto* prompt_box = new QWidget(this);
    auto* prompt_layout = new QVBoxLayout(prompt_box);
    prompt_layout->setContentsMargins(0, 0, 0, 0);
    prompt_layout->addWidget(new QLabel(tr("<b>Prompt</b>"), prompt_box));
    prompt_layout->addWidget(prompt_);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(prompt_box);
    split->addWidget(reply_box);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(facts_);
    layout->addWidget(error_);
    layout->addWidget(split, 1);
    showCall(std::nullopt);
}

QString CallView::promptHtml(const cascade::Json& request) {
    QString html;
    const auto messages = request.find("messages");
    if (messages == request.end() || !messages->is_array())
        return pre(QString::fromStdString(request.dump(2)));
    for (const auto& message : *messages) {
        if (!message.is_object()) continue;
        const QString role = QString::fromStdString(message.value("role", "?"));
        html += QStringLiteral("<p><b>%1</b></p>").arg(role.toHtmlEscaped());
        html += pre(content_text(message.value("content", cascade::Json())));
    }
    return html;
}

void CallView::showCall(const std::optional<cascade::CallRecord>& call) {
    call_ = call;
    const bool has = call.has_value();
    prompt_->setEnabled(has);
    reply_->setEnabled(has);
    raw_->setEnabled(has);
    if (!has) {
        facts_->setText(tr("No LLM call: this item was not produced or judged by a model."));
        error_->hide();
        prompt_->clear();
        reply_->clear();
        return;
    }
    QStringList facts;
    facts << tr("<b>%1</b>").arg(QString::fromStdString(call->model).toHtmlEscaped());
    facts << tr("tokens %1 in / %2 out").arg(call->tokens_in).arg(call->tokens_out);
    facts << tr("cost $%1").arg(call->cost, 0, 'f', 5);
    if (call->cache_hit)
        facts << tr("cached (saved $%1)").arg(call->saved_cost, 0, 'f', 5);
    else
        facts << tr("not cached");
    if (call->source) {
        const QString source = DisplayFormat::replySource(*call->source).toHtmlEscaped();
        facts << (*call->source == cascade::ReplySource::Live ? source
                                                              : tr("<b>%1</b>").arg(source));
    }
    facts << tr("latency %1 ms").arg(call->latency_ms, 0, 'f', 0);
    facts << tr("attempts %1").arg(call->attempts);
    facts << tr("repairs %1").arg(call->repairs);
    if (call->http_status) facts << tr("HTTP %1").arg(call->http_status);
    facts_->setText(facts.join(QStringLiteral(" &middot; ")));
    error_->setVisible(!call->error.empty());
    error_->setText(tr("Error: %1").arg(QString::fromStdString(call->error)));
    prompt_->setHtml(promptHtml(call->request));
    showReply();
}

void CallView::showReply() {
    if (!call_) return;
    if (!raw_->isChecked()) {
        reply_->setPlainText(QString::fromStdString(call_->text));
        return;
    }
    // Pretty-print the body when it is JSON; streamed (SSE) bodies are shown as they came.
    const auto body = cascade::Json::parse(call_->response, nullptr, false);
    reply_->setPlainText(
        QString::fromStdString(body.is_discarded() ? call_->response : body.dump(2)));
}

QString CallView::factsText() const {
    return facts_->text();
}
QString CallView::promptText() const {
    return prompt_->toPlainText();
}
QString CallView::replyText() const {
    return reply_->toPlainText();
}
