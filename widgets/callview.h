#pragma once

#include <QWidget>

#include <optional>

#include "cascade/store/storerecords.h"

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QTextBrowser;

// The LLM call behind an item: model, tokens in/out, cost, latency, attempts, repairs, cached,
// error; the rendered prompt messages; and the reply (text, or the raw HTTP response body).
class CallView : public QWidget {
    Q_OBJECT

public:
    explicit CallView(QWidget* parent = nullptr);

    // std::nullopt shows "no LLM call" (inputs, retrieval and rule gates make none).
    void showCall(const std::optional<cascade::CallRecord>& call);
    // The one-line facts (model, tokens, cost...), as shown; for tests and copy.
    QString factsText() const;
    QString promptText() const;
    QString replyText() const;

    // Messages of an OpenAI-style request body as readable HTML (role headings, text).
    static QString promptHtml(const cascade::Json& request);

private:
    void showReply();

    QLabel* facts_;
    QLabel* error_;
    QTextBrowser* prompt_;
    QPlainTextEdit* reply_;
    QCheckBox* raw_;
    std::optional<cascade::CallRecord> call_;
};
