#pragma once

#include <QTextBrowser>

#include <memory>
#include <optional>

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

    // `reader` (may be null) loads the calls; kept to redraw the item when the palette changes.
    void showItem(const cascade::AlignedItem& item, std::shared_ptr<cascade::RunReader> reader,
                  qint64 run_a, qint64 run_b);
    void clearItem(const QString& message = {});

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    QString callsHtml() const;

    QString placeholder_;
    std::optional<cascade::AlignedItem> item_;
    std::shared_ptr<cascade::RunReader> reader_;
    qint64 run_a_ = 0;
    qint64 run_b_ = 0;
};
