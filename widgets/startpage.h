#pragma once

#include <QWidget>

class QLabel;
class QVBoxLayout;
class WorkbenchSettings;

// Shown when no project is open: open a folder, one of the bundled samples, or a recent
// project. It only asks; the main window opens.
class StartPage : public QWidget {
    Q_OBJECT

public:
    StartPage(WorkbenchSettings* settings, const QStringList& sample_dirs, QWidget* parent = nullptr);

    // Re-reads the recent projects and samples.
    void refresh();
    void setMessage(const QString& message);

signals:
    void openRequested(const QString& dir);
    void browseRequested();

private:
    QWidget* linkButton(const QString& title, const QString& detail, const QString& dir);

    WorkbenchSettings* settings_;
    QStringList sample_dirs_;
    QVBoxLayout* samples_;
    QVBoxLayout* recent_;
    QLabel* message_;
};
