#pragma once

#include <QPalette>
#include <QString>

#include <string>

#include "cascade/compare/worddiff.h"

// WordDiff results as HTML for a QTextBrowser: added words green and underlined, removed words
// red and struck through, the rest as is; whitespace and line breaks are preserved.
namespace WordDiffHtml {

QString render(const cascade::WordDiff::Result& diff, const QPalette& palette);
// Diffs a and b and renders the result.
QString diff(const std::string& a, const std::string& b, const QPalette& palette);
// Plain text escaped for HTML, with its line breaks and runs of spaces kept.
QString escape(const QString& text);

}  // namespace WordDiffHtml
