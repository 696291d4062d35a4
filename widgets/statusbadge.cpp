#include "widgets/statusbadge.h"

#include <QPainter>
#include <QPixmap>

#include <array>

using cascade::ItemStatus;

QString StatusBadge::text(ItemStatus status) {
    switch (status) {
        case ItemStatus::Kept:
            return QStringLiteral("kept");
        case ItemStatus::Filtered:
            return QStringLiteral("filtered");
        case ItemStatus::Error:
            return QStringLiteral("error");
    }
    return {};
}

QColor StatusBadge::color(ItemStatus status) {
    switch (status) {
        case ItemStatus::Kept:
            return QColor(0x2e, 0x9d, 0x50);
        case ItemStatus::Filtered:
            return QColor(0xd9, 0x8c, 0x10);
        case ItemStatus::Error:
            return QColor(0xd6, 0x3b, 0x3b);
    }
    return {};
}

QIcon StatusBadge::icon(ItemStatus status) {
    // Painted once per status: the table asks for the decoration of every visible row.
    static std::array<QIcon, 3> cache;
    QIcon& icon = cache[static_cast<int>(status)];
    if (icon.isNull()) {
        for (int size : {12, 16, 24, 32}) {
            QPixmap pixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(color(status));
            const qreal margin = size / 6.0;
            painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
            painter.end();
            icon.addPixmap(pixmap);
            icon.addPixmap(pixmap, QIcon::Selected);  // keep the hue on a selected row
        }
    }
    return icon;
}

QString StatusBadge::html(ItemStatus status) {
    return QStringLiteral("<span style=\"color:%1\">&#9679;</span>&nbsp;<b>%2</b>")
        .arg(color(status).name(), text(status));
}
