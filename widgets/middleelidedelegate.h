#pragma once

#include <QStyledItemDelegate>

// Elides in the middle: for keys such as u17/themes/2/candidates/keywords/0, whose start and
// end both matter.
class MiddleElideDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};
