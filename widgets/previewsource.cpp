#include "widgets/previewsource.h"

#include <algorithm>

#include <QCoreApplication>
#include <QFileInfo>

#include "cascade/core/error.h"
#include "cascade/run/itemancestry.h"
#include "cascade/store/runreader.h"

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("PreviewSource", text);
}

// A few words of the item so the combo box says more than a key.
QString summary_of(const cascade::Json& data) {
    if (data.is_string()) return QString::fromStdString(data.get<std::string>());
    if (!data.is_object()) return QString::fromStdString(data.dump());
    for (const char* key : {"name", "title", "text", "query"})
        if (data.contains(key) && data[key].is_string())
            return QString::fromStdString(data[key].get<std::string>());
    for (auto it = data.begin(); it != data.end(); ++it)
        if (it->is_string() && it->get_ref<const std::string&>().size() > 3)
            return QString::fromStdString(it->get<std::string>());
    // e.g. {"features": ["...", "..."]}: the list reads better than its JSON.
    for (auto it = data.begin(); it != data.end(); ++it)
        if (it->is_array() && !it->empty() && it->front().is_string()) {
            QStringList parts;
            for (const auto& part : *it)
                if (part.is_string()) parts << QString::fromStdString(part.get<std::string>());
            return parts.join(QStringLiteral("; "));
        }
    return QString::fromStdString(data.dump());
}

}  // namespace

PreviewSource::PreviewSource() = default;
PreviewSource::~PreviewSource() = default;
PreviewSource::PreviewSource(PreviewSource&&) noexcept = default;
PreviewSource& PreviewSource::operator=(PreviewSource&&) noexcept = default;

PreviewSource PreviewSource::load(const cascade::Project& project, const QString& store_path,
                                  qint64 run_id, const std::string& stage_id, int limit) {
    PreviewSource source;
    const cascade::StageConfig* stage = project.stage(stage_id);
    const std::string input_stage = stage ? cascade::input_stage_of(project, *stage) : "input";
    if (run_id > 0 && QFileInfo::exists(store_path)) {
        try {
            auto reader = std::make_unique<cascade::RunReader>(store_path.toStdString());
            cascade::ItemFilter kept;
            kept.status = cascade::ItemStatus::Kept;
            source.items_ = reader->items(run_id, input_stage, kept, 0, limit);
            if (!source.items_.empty()) {
                const auto total = reader->count_items(run_id, input_stage, kept);
                source.note_ = tr("%1 of %2 kept items of \u201c%3\u201d in run %4")
                                   .arg(source.items_.size())
                                   .arg(total)
                                   .arg(QString::fromStdString(input_stage))
                                   .arg(run_id);
                source.reader_ = std::move(reader);
                source.run_id_ = run_id;
                return source;
            }
        } catch (const cascade::Error& e) {
            source.note_ = QString::fromStdString(e.what()) + QStringLiteral("; ");
        }
    }
    // No run to read: the input rows are what the first stage sees.
    const int count = std::min<int>(limit, static_cast<int>(project.input_rows.size()));
    for (int i = 0; i < count; ++i) {
        cascade::Item item;
        item.stage = "input";
        item.key = project.input_id(project.input_rows[i]);
        item.input_id = item.key;
        item.ordinal = i;
        item.data = project.input_rows[i];
        source.items_.push_back(std::move(item));
    }
    source.note_ += input_stage == "input"
                        ? tr("%1 input rows").arg(count)
                        : tr("No items of \u201c%1\u201d in the current run: previewing with the "
                             "input rows, so fields made by earlier stages are missing")
                              .arg(QString::fromStdString(input_stage));
    return source;
}

QString PreviewSource::label(int index) const {
    const cascade::Item& item = items_.at(index);
    QString summary = summary_of(item.data).simplified();
    if (summary.size() > 48) summary = summary.left(45) + QStringLiteral("...");
    return QStringLiteral("%1 \u2014 %2").arg(QString::fromStdString(item.key), summary);
}

cascade::TemplateContext PreviewSource::context(int index) const {
    const cascade::Item& item = items_.at(index);
    if (!reader_) return cascade::template_context_of({item});
    auto* reader = reader_.get();
    const auto run = run_id_;
    const auto chain = cascade::item_ancestry(
        item, [reader, run](const std::string& stage, const std::string& key) {
            try {
                return reader->item(run, stage, key);
            } catch (const cascade::Error&) {
                return std::optional<cascade::Item>();
            }
        });
    return cascade::template_context_of(chain);
}
