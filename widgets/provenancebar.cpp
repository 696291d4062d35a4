#include "widgets/provenancebar.h"

#include <QEvent>
#include <QUrl>

#include <vector>

#include "cascade/store/runreader.h"
#include "widgets/itemsummary.h"
#include "widgets/workbenchsession.h"

namespace {

// A crumb's text: the stage and a few words of the item, enough to recognise it.
QString crumb_text(const cascade::Item& item) {
    const QString stage = QString::fromStdString(item.stage);
    QString words = ItemSummary::of(item.data);
    if (item.stage == "input" || words.isEmpty()) words = QString::fromStdString(item.input_id);
    // "keywords: keywords: a, b" reads badly: drop a field name that repeats the stage.
    if (words.startsWith(stage + QStringLiteral(": "))) words = words.mid(stage.size() + 2);
    if (words.size() > 32) words = words.left(31) + QChar(0x2026);
    return stage + QStringLiteral(": ") + words;
}

}  // namespace

ProvenanceBar::ProvenanceBar(WorkbenchSession* session, QWidget* parent)
    : QLabel(parent), session_(session) {
    setTextFormat(Qt::RichText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    setToolTip(tr("Where this item came from; click a step to inspect it"));
    connect(this, &QLabel::linkActivated, this, &ProvenanceBar::onLinkActivated);
}

QString ProvenanceBar::linkFor(const QString& stage, const QString& key) {
    // Keys hold '/', so each part is percent-encoded and the first '/' splits them.
    return QStringLiteral("item:") + QString::fromLatin1(QUrl::toPercentEncoding(stage)) +
           QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(key));
}

ProvenanceBar::Crumb ProvenanceBar::crumbOfLink(const QString& link) {
    if (!link.startsWith(QLatin1String("item:"))) return {};
    const QString rest = link.mid(5);
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    if (slash < 0) return {};
    return {QUrl::fromPercentEncoding(rest.left(slash).toLatin1()),
            QUrl::fromPercentEncoding(rest.mid(slash + 1).toLatin1())};
}

void ProvenanceBar::showItem(cascade::RunReader& reader, qint64 run_id, const cascade::Item& item) {
    std::vector<cascade::Item> chain{item};
    // Bounded walk: a damaged store must not hang the GUI in a parent cycle.
    while (!chain.back().parent_stage.empty() && chain.size() < 64) {
        auto parent = reader.item(run_id, chain.back().parent_stage, chain.back().parent_key);
        if (!parent) break;
        chain.push_back(std::move(*parent));
    }
    crumbs_.clear();
    QStringList parts;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const QString stage = QString::fromStdString(it->stage);
        const QString key = QString::fromStdString(it->key);
        crumbs_.append({stage, key});
        const QString text = crumb_text(*it).toHtmlEscaped();
        if (std::next(it) == chain.rend())
            parts << QStringLiteral("<b>%1</b>").arg(text);
        else
            parts << QStringLiteral("<a href=\"%1\">%2</a>")
                         .arg(linkFor(stage, key).toHtmlEscaped(), text);
    }
    setText(parts.join(QStringLiteral(" &rarr; ")));
}

void ProvenanceBar::clearItem() {
    crumbs_.clear();
    clear();
}

void ProvenanceBar::changeEvent(QEvent* event) {
    QLabel::changeEvent(event);
    // Rich text takes the link colour when it is laid out: re-lay it for a new palette (a
    // switch to dark mode), or links stay dark blue on dark grey.
    if (event->type() == QEvent::PaletteChange && !text().isEmpty()) {
        const QString html = text();
        clear();
        setText(html);
    }
}

void ProvenanceBar::onLinkActivated(const QString& link) {
    const Crumb crumb = crumbOfLink(link);
    if (!crumb.first.isEmpty()) session_->activateItem(crumb.first, crumb.second);
}
