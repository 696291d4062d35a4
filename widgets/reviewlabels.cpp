#include "widgets/reviewlabels.h"

#include <QFileInfo>

#include <stdexcept>

#include "cascade/store/labelstore.h"
#include "widgets/workbenchsession.h"

ReviewLabels::ReviewLabels(WorkbenchSession* session) : session_(session) {}

ReviewLabels::~ReviewLabels() = default;

QString ReviewLabels::keyOf(const QString& stage, const QString& content_hash) {
    return stage + QChar(0x1f) + content_hash;
}

cascade::LabelStore& ReviewLabels::store() {
    // One connection per project, reopened when the session opens another one.
    const QString path = session_->storePath();
    if (!store_ || store_path_ != path) {
        store_.reset();
        store_path_ = path;
        if (path.isEmpty() || !QFileInfo::exists(path))
            throw std::runtime_error("the project has no run store yet");
        store_ = std::make_unique<cascade::LabelStore>(path.toStdString());
    }
    return *store_;
}

void ReviewLabels::reload() {
    labels_.clear();
    if (!QFileInfo::exists(session_->storePath())) return;  // no runs, no labels
    for (auto& label : store().list())
        labels_.insert(
            keyOf(QString::fromStdString(label.stage), QString::fromStdString(label.content_hash)),
            std::move(label));
}

const cascade::Label* ReviewLabels::find(const QString& stage, const QString& content_hash) const {
    const auto it = labels_.constFind(keyOf(stage, content_hash));
    return it == labels_.constEnd() ? nullptr : &*it;
}

void ReviewLabels::set(cascade::Label label) {
    store().set(label);
    labels_.insert(
        keyOf(QString::fromStdString(label.stage), QString::fromStdString(label.content_hash)),
        std::move(label));
}

void ReviewLabels::clear(const QString& stage, const QString& content_hash) {
    store().clear(stage.toStdString(), content_hash.toStdString());
    labels_.remove(keyOf(stage, content_hash));
}
