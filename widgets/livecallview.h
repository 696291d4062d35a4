#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class RunBridge;

// The streamed text of the call in flight. With several calls streaming at once it follows one
// until it goes quiet for a drain tick, then switches to the next, so the text stays readable.
class LiveCallView : public QWidget {
    Q_OBJECT

public:
    explicit LiveCallView(RunBridge* bridge, QWidget* parent = nullptr);

    QString currentStage() const { return stage_; }
    QString currentKey() const { return key_; }
    QString text() const;

private:
    void append(const QString& stage, const QString& key, const QString& text);
    void follow(const QString& stage, const QString& key);

    QLabel* header_;
    QPlainTextEdit* text_;
    QString stage_;
    QString key_;
    bool fresh_ = false;  // the followed call got text since the last tick
};
