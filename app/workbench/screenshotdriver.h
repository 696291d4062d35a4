#pragma once

#include <QObject>
#include <QString>

class MainWindow;

// --run-offline / --screenshot: optionally runs the open project offline, waits for the run to
// end, grabs the main window to a PNG and quits. Used for README screenshots and the smoke test.
class ScreenshotDriver : public QObject {
    Q_OBJECT

public:
    ScreenshotDriver(MainWindow* window, QString file, bool run_offline, QObject* parent = nullptr);

    // What to show before the grab: an item of the selected stage, and a panel tab by title
    // ("Inspector", "Filtered review"); applied once the run has ended.
    void setItem(const QString& key) { item_ = key; }
    void setPanel(const QString& title) { panel_ = title; }

    // Starts the sequence once the event loop runs. Exit codes: 0 saved, 1 could not run or
    // save, 2 timed out.
    void start();

    static constexpr int kTimeoutMs = 240'000;
    static constexpr int kSettleMs = 500;  // lets the last coalesced events paint

private:
    void prepare();
    void capture();

    MainWindow* window_;
    QString file_;
    bool run_offline_;
    QString item_;
    QString panel_;
};
