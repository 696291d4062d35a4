#pragma once

#include <QTextBrowser>

#include "cascade/compare/itemalignment.h"

namespace cascade {
class RunReader;
}

// Both versions of one aligned item: what changed, word diffs of its status reason, text and
// scores, the two versions side by side, and both LLM calls (model, tokens, cost, latency,
// cache) with word diffs of their prompts and replies.
class ItemDiffPane : public QTextBrowser {
    Q_OBJECT

public:
    explicit ItemDiffPane(QWidget* parent = nullptr);

    // `reader` (may be null) loads the calls; it is only used during the call.
    void showItem(const cascade::AlignedItem& item, cascade::RunReader* reader, qint64 run_a,
                  qint64 run_b);
    void clearItem(const QString& message = {});

protected:
    void changeEvent(QEvent* event) override;

private:
    QString callsHtml(const cascade::AlignedItem& item, cascade::RunReader* reader) const;

    QString placeholder_;
};
