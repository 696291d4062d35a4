#include "widgets/diffcolors.h"

namespace DiffColors {

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor better(const QPalette& palette) {
    return isDark(palette) ? QColor(0x7d, 0xd8, 0x8c) : QColor(0x1a, 0x7f, 0x37);
}

QColor worse(const QPalette& palette) {
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28);
}

QColor changed(const QPalette& palette) {
    return isDark(palette) ? QColor(0xff, 0xc8, 0x57) : QColor(0x9a, 0x67, 0x00);
}

QColor tint(const QPalette& palette, const QColor& color, qreal strength) {
    const QColor base = palette.color(QPalette::Base);
    const auto mix = [strength](int a, int b) {
        return qRound(a * (1.0 - strength) + b * strength);
    };
    return QColor(mix(base.red(), color.red()), mix(base.green(), color.green()),
                  mix(base.blue(), color.blue()));
}

}  // namespace DiffColors
