#include "widgets/labelstore.h"

#include <QFileInfo>

#include <stdexcept>

#include "cascade/store/runreader.h"
#include "widgets/workbenchsession.h"

LabelStore::LabelStore(WorkbenchSession* session) : session_(session) {}

LabelStore::~LabelStore() = default;

QString LabelStore::keyOf(const QString& stage, const QString& key) {
    return stage + QChar(0x1f) + key;
}

cascade::RunReader& LabelStore::reader() {
    // One connection per project, reopened when the session opens another one.
    const QString path = session_->storePath();
    if (!reader_ || reader_path_ != path) {
        reader_.reset();
        reader_path_ = path;
        if (path.isEmpty() || !QFileInfo::exists(path))
            throw std::runtime_error("the project has no run store yet");
        reader_ = std::make_unique<cascade::RunReader>(path.toStdString());
    }
    return *reader_;
}

void LabelStore::reload() {
    labels_.clear();
    if (!QFileInfo::exists(session_->storePath())) return;  // no runs, no labels
    for (auto& label : reader().labels())
        labels_.insert(
            keyOf(QString::fromStdString(label.stage), QString::fromStdString(label.item_key)),
            std::move(label));
}

const cascade::Label* LabelStore::find(const QString& stage, const QString& key) const {
    const auto it = labels_.constFind(keyOf(stage, key));
    return it == labels_.constEnd() ? nullptr : &*it;
}

void LabelStore::set(cascade::Label label, qint64 run_id) {
    reader().set_label(label, run_id);
    labels_.insert(
        keyOf(QString::fromStdString(label.stage), QString::fromStdString(label.item_key)),
        std::move(label));
}

void LabelStore::clear(const QString& stage, const QString& key) {
    reader().clear_label(stage.toStdString(), key.toStdString());
    labels_.remove(keyOf(stage, key));
}
