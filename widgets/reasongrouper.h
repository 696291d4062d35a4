#pragma once

#include <QString>

// Turns a gate's reason into the name of its group in the review, so that the same decision
// taken on different items groups together:
//   "judge score 2 < 3: too generic for ..."                  -> "judge score < 3"
//   "near-duplicate of 'Weeknight dinners' at cosine 0.93 >= 0.90"
//                                                -> "near-duplicate of … at cosine >= 0.90"
//   "rule title-length: 71 > 60 chars"                        -> "rule title-length: > 60 chars"
// Quoted text becomes "…", parentheticals (keys of other items) go, a measured value before a
// comparison goes (the threshold stays), free text after the comparison goes, and other numbers
// become "N".
class ReasonGrouper {
public:
    static QString group(const QString& reason);
};
