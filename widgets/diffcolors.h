#pragma once

#include <QColor>
#include <QPalette>

// Colours for "better / worse" and "added / removed / changed", picked for the palette in use:
// deep tones on a light base, light tones on a dark one, so they read in dark mode too.
namespace DiffColors {

bool isDark(const QPalette& palette);
QColor better(const QPalette& palette);   // green: the better side, added words
QColor worse(const QPalette& palette);    // red: the worse side, removed words
QColor changed(const QPalette& palette);  // amber: changed items
// A faint row tint of `color` over the palette's base, for whole-row highlights.
QColor tint(const QPalette& palette, const QColor& color, qreal strength = 0.18);

}  // namespace DiffColors
