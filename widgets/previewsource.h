#pragma once

#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/project/project.h"
#include "cascade/template/templatecontext.h"

namespace cascade {
class RunReader;
}

// The items a stage's prompt can be previewed with: the kept items of its input stage in the
// current run (each with its ancestors, for the same context stack a run builds), or the
// project's input rows when there is no run to read yet. Reads at most `limit` rows.
class PreviewSource {
public:
    PreviewSource();
    ~PreviewSource();
    PreviewSource(PreviewSource&&) noexcept;
    PreviewSource& operator=(PreviewSource&&) noexcept;

    static PreviewSource load(const cascade::Project& project, const QString& store_path,
                              qint64 run_id, const std::string& stage_id, int limit = 200);

    int size() const { return static_cast<int>(items_.size()); }
    const cascade::Item& item(int index) const { return items_.at(index); }
    QString label(int index) const;
    // Why the list is what it is ("12 kept items of features in run 3"), for a hint line.
    const QString& note() const { return note_; }
    bool fromRun() const { return reader_ != nullptr; }

    // The Mustache context stack for one item (reads its ancestors from the store).
    cascade::TemplateContext context(int index) const;

private:
    std::vector<cascade::Item> items_;
    std::unique_ptr<cascade::RunReader> reader_;
    qint64 run_id_ = 0;
    QString note_;
};
