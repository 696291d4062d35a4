#pragma once

#include <QLabel>
#include <QList>
#include <QPair>
#include <QString>

#include "cascade/core/item.h"

class WorkbenchSession;
namespace cascade {
class RunReader;
}

// The provenance breadcrumb of one item: input -> theme -> candidates -> keywords, found by
// walking parent_stage/parent_key in the store. Every ancestor is a link; clicking one asks the
// session to activate it, which selects it in the inspector.
class ProvenanceBar : public QLabel {
    Q_OBJECT

public:
    using Crumb = QPair<QString, QString>;  // (stage, key)

    explicit ProvenanceBar(WorkbenchSession* session, QWidget* parent = nullptr);

    // Rebuilds the chain for item (its ancestors are read from reader in run_id).
    void showItem(cascade::RunReader& reader, qint64 run_id, const cascade::Item& item);
    void clearItem();
    // Root first, the shown item last.
    QList<Crumb> crumbs() const { return crumbs_; }

    static QString linkFor(const QString& stage, const QString& key);
    static Crumb crumbOfLink(const QString& link);

protected:
    void changeEvent(QEvent* event) override;

private:
    void onLinkActivated(const QString& link);

    WorkbenchSession* session_;
    QList<Crumb> crumbs_;
};
