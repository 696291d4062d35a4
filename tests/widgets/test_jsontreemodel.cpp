#include <QAbstractItemModelTester>
#include <QtTest>

#include "cascade/core/json.h"
#include "widgets/jsontreemodel.h"

using cascade::Json;

class TestJsonTreeModel : public QObject {
    Q_OBJECT

private slots:
    void showsKeysValuesAndTypes();
    void nestsContainers();
    void showsAScalarDocumentAsOneRow();
    void passesTheModelTesterAcrossResets();
};

void TestJsonTreeModel::showsKeysValuesAndTypes() {
    JsonTreeModel model;
    model.setJson(Json::parse(R"({"title": "Cozy\nsoup", "score": 2, "ratio": 0.5, "ok": true,
                                  "none": null, "tags": ["a", "b"], "a/b": {"c~d": 1}})"));
    QCOMPARE(model.rowCount(), 7);  // document order kept
    auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(cell(0, JsonTreeModel::KeyColumn), QString("title"));
    QCOMPARE(cell(0, JsonTreeModel::ValueColumn), QString("Cozy ⏎ soup"));
    QCOMPARE(model.index(0, JsonTreeModel::ValueColumn).data(Qt::ToolTipRole).toString(),
             QString("Cozy\nsoup"));
    QCOMPARE(cell(0, JsonTreeModel::TypeColumn), QString("string"));
    QCOMPARE(cell(1, JsonTreeModel::TypeColumn), QString("integer"));
    QCOMPARE(cell(2, JsonTreeModel::TypeColumn), QString("number"));
    QCOMPARE(cell(3, JsonTreeModel::ValueColumn), QString("true"));
    QCOMPARE(cell(4, JsonTreeModel::TypeColumn), QString("null"));
    QCOMPARE(cell(5, JsonTreeModel::ValueColumn), QString("[2]"));
    QCOMPARE(cell(6, JsonTreeModel::ValueColumn), QString("{1}"));
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QString("Value"));
}

void TestJsonTreeModel::nestsContainers() {
    JsonTreeModel model;
    model.setJson(
        Json::parse(R"({"themes": [{"title": "A"}, {"title": "B"}], "a/b": {"c~d": 1}})"));
    const QModelIndex themes = model.index(0, 0);
    QCOMPARE(model.rowCount(themes), 2);
    const QModelIndex second = model.index(1, 0, themes);
    QCOMPARE(second.data().toString(), QString("1"));
    QCOMPARE(second.parent(), themes);
    const QModelIndex title = model.index(0, JsonTreeModel::ValueColumn, second);
    QCOMPARE(title.data().toString(), QString("B"));
    QCOMPARE(title.data(JsonTreeModel::PointerRole).toString(), QString("/themes/1/title"));
    QCOMPARE(*model.valueAt(title), Json("B"));
    const QModelIndex escaped = model.index(0, 0, model.index(1, 0));
    QCOMPARE(escaped.data(JsonTreeModel::PointerRole).toString(), QString("/a~1b/c~0d"));
    QCOMPARE(model.rowCount(model.index(0, JsonTreeModel::ValueColumn)),
             0);  // only column 0 has children
}

void TestJsonTreeModel::showsAScalarDocumentAsOneRow() {
    JsonTreeModel model;
    model.setJson(Json("just text"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, JsonTreeModel::ValueColumn).data().toString(), QString("just text"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestJsonTreeModel::passesTheModelTesterAcrossResets() {
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setJson(Json::parse(R"({"candidates": [{"text": "gochujang", "similarity": 0.8},
                                                 {"text": "sesame", "similarity": 0.7}],
                                  "nested": {"deeper": {"deepest": [1, [2, [3]]]}}})"));
    model.setJson(Json::array({1, "two", Json::object(), Json::array()}));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowCount(model.index(2, 0)), 0);
    model.setJson(Json(3.5));
    model.clear();
}

QTEST_MAIN(TestJsonTreeModel)
#include "test_jsontreemodel.moc"
