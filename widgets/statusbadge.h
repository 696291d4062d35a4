#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

#include "cascade/core/item.h"

// How an item status looks everywhere (table badge, detail header, review list): a coloured dot
// plus a word. The hues are mid-tones that read on both light and dark palettes.
class StatusBadge {
public:
    static QString text(cascade::ItemStatus status);
    static QColor color(cascade::ItemStatus status);
    static QIcon icon(cascade::ItemStatus status);
    // A small rich-text badge for labels: a coloured dot and the status word.
    static QString html(cascade::ItemStatus status);
};
