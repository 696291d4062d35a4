#include <QtTest>

#include <optional>
#include <string>
#include <vector>

#include "cascade/core/error.h"
#include "cascade/schema/schemavalidator.h"

using cascade::Json;
using cascade::SchemaError;
using cascade::SchemaValidator;

namespace {

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

// describe() of the errors: one "path: message" line each, "" when valid.
QString errors(const Json& schema, const Json& instance) {
    return q(SchemaValidator::describe(SchemaValidator(schema).validate(instance)));
}

QString problems(const Json& schema) {
    std::string text;
    for (const std::string& problem : SchemaValidator::check_schema(schema)) {
        text += (text.empty() ? "" : "\n") + problem;
    }
    return q(text);
}

const Json kThemes = Json::parse(R"({
  "type": "object",
  "properties": {
    "themes": {
      "type": "array", "minItems": 1, "maxItems": 5,
      "items": {"$ref": "#/$defs/theme"}
    }
  },
  "required": ["themes"],
  "additionalProperties": false,
  "$defs": {
    "theme": {
      "type": "object",
      "description": "one theme of the page",
      "properties": {
        "title": {"type": "string", "maxLength": 60},
        "intent": {"enum": ["inspire", "replenish", "discover"]},
        "product_concepts": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}
      },
      "required": ["title", "intent"],
      "additionalProperties": false
    }
  }
})");

// Schemas whose text holds "#" stay at namespace scope: moc 6.4 stops seeing the test class
// when a raw string inside a class body contains "#".
const Json kTree = Json::parse(R"({
    "type": "object",
    "properties": {"name": {"type": "string"},
                   "children": {"type": "array", "items": {"$ref": "#"}},
                   "tag": {"$ref": "#/definitions/tag"}},
    "definitions": {"tag": {"type": "string", "maxLength": 3}}})");
const Json kLoop = Json::parse(R"({"$ref": "#/$defs/a",
    "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}})");
const Json kBadSchema = Json::parse(R"({
    "type": "object",
    "properties": {
        "a": {"type": "strng"},
        "b": {"type": 5},
        "c": {"$ref": "#/$defs/missing"},
        "d": {"$ref": "other.json#/x"},
        "e": {"$ref": "#/$defs/notaschema"},
        "f": {"items": [{"type": "string"}, 3]},
        "g": {"minItems": -1, "maxLength": 1.5, "minimum": "0", "uniqueItems": "yes"},
        "h": {"pattern": "([a-z"},
        "i": {"anyOf": []},
        "j": {"required": ["x", 1], "enum": "x"},
        "k": {"properties": [], "additionalProperties": 1}
    },
    "$defs": {"notaschema": 42}})");

}  // namespace

class TestSchema : public QObject {
    Q_OBJECT

private slots:
    void acceptsAValidDocument() {
        const Json doc = Json::parse(R"({"themes": [
            {"title": "Weeknight flavor builders", "intent": "inspire",
             "product_concepts": ["chili crisp", "miso"]},
            {"title": "Pantry staples", "intent": "replenish"}]})");
        QVERIFY(SchemaValidator(kThemes).validate(doc).empty());
        QCOMPARE(errors(kThemes, doc), QString());
    }

    void reportsInstancePathsAndMessages() {
        const Json doc = Json::parse(R"({"themes": [
            {"title": "a", "intent": "inspire"}, {"title": "b", "intent": "inspire"},
            {"title": 7, "intent": "sell", "colour": "red", "product_concepts": ["x", "y", "x"]}],
            "extra": 1})");
        const auto list = SchemaValidator(kThemes).validate(doc);
        QCOMPARE(int(list.size()), 5);
        QCOMPARE(q(list[0].instance_path), QStringLiteral("/themes/2/title"));
        QCOMPARE(q(list[0].message), QStringLiteral("expected string, got number"));
        QCOMPARE(q(SchemaValidator::describe(list)),
                 QStringLiteral(
                     "/themes/2/title: expected string, got number\n"
                     "/themes/2/intent: expected one of \"inspire\", \"replenish\", \"discover\", "
                     "got \"sell\"\n"
                     "/themes/2/product_concepts/2: duplicates item 0 (items must be unique)\n"
                     "/themes/2: unexpected property \"colour\" (allowed: title, intent, "
                     "product_concepts)\n"
                     "(root): unexpected property \"extra\" (allowed: themes)"));
    }

    void checksTypes() {
        QCOMPARE(errors({{"type", "string"}}, 3),
                 QStringLiteral("(root): expected string, got number"));
        QCOMPARE(errors({{"type", {"string", "null"}}}, true),
                 QStringLiteral("(root): expected string or null, got boolean"));
        QCOMPARE(errors({{"type", {"string", "array", "null"}}}, Json::object()),
                 QStringLiteral("(root): expected string, array or null, got object"));
        QCOMPARE(errors({{"type", {"string", "null"}}}, nullptr), QString());
        QCOMPARE(errors({{"type", "integer"}}, 3), QString());
        QCOMPARE(errors({{"type", "integer"}}, 3.0), QString());
        QCOMPARE(errors({{"type", "integer"}}, -4), QString());
        QCOMPARE(errors({{"type", "integer"}}, 2.5),
                 QStringLiteral("(root): expected integer, got number"));
        QCOMPARE(errors({{"type", "number"}}, 2), QString());
        QCOMPARE(errors({{"type", "object"}}, Json::array()),
                 QStringLiteral("(root): expected object, got array"));
        QCOMPARE(errors({{"type", "array"}}, "x"),
                 QStringLiteral("(root): expected array, got string"));
        QCOMPARE(errors({{"type", "boolean"}}, nullptr),
                 QStringLiteral("(root): expected boolean, got null"));
    }

    void checksObjects() {
        const Json schema = {
            {"type", "object"},
            {"properties", {{"a/b", {{"type", "string"}}}, {"m~n", {{"type", "integer"}}}}},
            {"required", {"a/b", "id"}},
            {"additionalProperties", {{"type", "number"}}}};
        QCOMPARE(errors(schema, {{"a/b", 1}, {"m~n", "x"}, {"score", "high"}, {"ok", 2}}),
                 QStringLiteral("(root): missing required property \"id\"\n"
                                "/a~1b: expected string, got number\n"
                                "/m~0n: expected integer, got string\n"
                                "/score: expected number, got string"));
        QCOMPARE(errors(schema, {{"a/b", "x"}, {"id", 1}}), QString());
        // Object keywords do not apply to other types.
        QCOMPARE(errors({{"required", {"x"}}, {"additionalProperties", false}}, 5), QString());
        QCOMPARE(errors({{"additionalProperties", false}}, {{"x", 1}}),
                 QStringLiteral("(root): unexpected property \"x\""));
    }

    void checksArrays() {
        const Json schema = {
            {"items", {{"type", "integer"}, {"minimum", 0}}}, {"minItems", 2}, {"maxItems", 3}};
        QCOMPARE(errors(schema, {1}), QStringLiteral("(root): expected at least 2 items, got 1"));
        QCOMPARE(errors(schema, {1, 2, 3, 4}),
                 QStringLiteral("(root): expected at most 3 items, got 4"));
        QCOMPARE(errors(schema, {1, -2, "3"}),
                 QStringLiteral("/1: expected >= 0, got -2\n/2: expected integer, got string"));
        const Json tuple = {{"items", {{{"type", "string"}}, {{"type", "number"}}}}};
        QCOMPARE(errors(tuple, {"a", 1, true}), QString());
        QCOMPARE(
            errors(tuple, {1, "a"}),
            QStringLiteral("/0: expected string, got number\n/1: expected number, got string"));
    }

    void uniqueItemsUsesJsonEquality() {
        const Json schema = {{"uniqueItems", true}};
        QCOMPARE(errors(schema, Json::parse(R"([{"a":1,"b":2}, {"b":2,"a":1}])")),
                 QStringLiteral("/1: duplicates item 0 (items must be unique)"));
        QCOMPARE(errors(schema, Json::parse("[1, 1.0, 2]")),
                 QStringLiteral("/1: duplicates item 0 (items must be unique)"));
        QCOMPARE(errors(schema, Json::parse(R"([1, "1", [1], {"a":1}, {"a":2}])")), QString());
        QCOMPARE(errors({{"uniqueItems", false}}, {1, 1}), QString());
    }

    void checksEnumAndConst() {
        QCOMPARE(errors({{"enum", {1, "two", nullptr}}}, "two"), QString());
        QCOMPARE(errors({{"enum", {1, "two", nullptr}}}, 1.0), QString());
        QCOMPARE(errors({{"enum", {1, "two", nullptr}}}, 3),
                 QStringLiteral("(root): expected one of 1, \"two\", null, got 3"));
        QCOMPARE(errors({{"const", {{"k", 1}, {"j", 2}}}}, Json::parse(R"({"j":2,"k":1})")),
                 QString());
        QCOMPARE(errors({{"const", "yes"}}, "no"),
                 QStringLiteral("(root): expected \"yes\", got \"no\""));
        // Long values are shortened so that an error stays on one line.
        const std::string long_text(100, 'x');
        QCOMPARE(errors({{"const", "y"}}, long_text),
                 q("(root): expected \"y\", got \"" + std::string(59, 'x') + "..."));
    }

    void checksStrings() {
        const Json schema = {{"minLength", 5}, {"maxLength", 6}};
        QCOMPARE(errors(schema, "héllo"), QString());  // 5 characters, 6 bytes
        QCOMPARE(errors(schema, "日本語"),
                 QStringLiteral("(root): expected at least 5 characters, got 3"));
        QCOMPARE(errors(schema, "abcdefg"),
                 QStringLiteral("(root): expected at most 6 characters, got 7"));
        // JSON Schema patterns are unanchored.
        QCOMPARE(errors({{"pattern", "[0-9]{3}"}}, "ab123cd"), QString());
        QCOMPARE(errors({{"pattern", "^[a-z]+$"}}, "ab1"),
                 QStringLiteral("(root): \"ab1\" does not match pattern \"^[a-z]+$\""));
        QCOMPARE(errors({{"pattern", "^x"}, {"minLength", 9}}, 5), QString());
    }

    void checksNumbers() {
        const Json schema = {{"minimum", 1}, {"maximum", 5.5}};
        QCOMPARE(errors(schema, 1), QString());
        QCOMPARE(errors(schema, 5.5), QString());
        QCOMPARE(errors(schema, 0.5), QStringLiteral("(root): expected >= 1, got 0.5"));
        QCOMPARE(errors(schema, 6), QStringLiteral("(root): expected <= 5.5, got 6"));
        const Json exclusive = {{"exclusiveMinimum", 0}, {"exclusiveMaximum", 10}};
        QCOMPARE(errors(exclusive, 5), QString());
        QCOMPARE(errors(exclusive, 0), QStringLiteral("(root): expected > 0, got 0"));
        QCOMPARE(errors(exclusive, 10), QStringLiteral("(root): expected < 10, got 10"));
        QCOMPARE(errors(exclusive, "10"), QString());
    }

    void checksAnyOf() {
        const Json schema = {
            {"anyOf", {{{"type", "string"}}, {{"type", "integer"}, {"minimum", 0}}}}};
        QCOMPARE(errors(schema, "x"), QString());
        QCOMPARE(errors(schema, 3), QString());
        // Only the integer branch accepts a number, so its error is reported as is.
        QCOMPARE(errors(schema, -1), QStringLiteral("(root): expected >= 0, got -1"));
        QCOMPARE(errors(schema, true),
                 QStringLiteral("(root): does not match any alternative of anyOf (#0: expected "
                                "string, got boolean; #1: expected integer, got boolean)"));
        const Json nullable = {
            {"properties",
             {{"best", {{"anyOf", {{{"$ref", "#/$defs/item"}}, {{"type", "null"}}}}}}}},
            {"$defs", {{"item", {{"type", "object"}, {"required", {"id"}}}}}}};
        QCOMPARE(errors(nullable, {{"best", nullptr}}), QString());
        QCOMPARE(errors(nullable, {{"best", Json::object()}}),
                 QStringLiteral("/best: missing required property \"id\""));
    }

    void checksOneOfAndAllOf() {
        const Json one = {{"oneOf", {{{"type", "integer"}}, {{"type", "number"}, {"maximum", 1}}}}};
        QCOMPARE(errors(one, 5), QString());
        QCOMPARE(errors(one, 0.5), QString());
        QCOMPARE(errors(one, 0),
                 QStringLiteral(
                     "(root): matches alternatives 0, 1 of oneOf, but must match exactly one"));
        QCOMPARE(errors(one, "s"),
                 QStringLiteral("(root): does not match any alternative of oneOf (#0: expected "
                                "integer, got string; #1: expected number, got string)"));
        const Json all = {
            {"allOf", {{{"type", "string"}}, {{"minLength", 3}}, {{"pattern", "^a"}}}}};
        QCOMPARE(errors(all, "abc"), QString());
        QCOMPARE(errors(all, "b"), QStringLiteral("(root): expected at least 3 characters, got 1\n"
                                                  "(root): \"b\" does not match pattern \"^a\""));
    }

    void resolvesRefs() {
        QCOMPARE(
            errors(kTree, Json::parse(R"({"name":"r","children":[{"name":"c","children":[]}]})")),
            QString());
        QCOMPARE(
            errors(kTree, Json::parse(R"({"children":[{"children":[{"name":1,"tag":"long"}]}]})")),
            QStringLiteral("/children/0/children/0/name: expected string, got number\n"
                           "/children/0/children/0/tag: expected at most 3 characters, got 4"));
        // A $ref cycle that never consumes the value is reported, not recursed forever.
        QCOMPARE(SchemaValidator::check_schema(kLoop).size(), std::size_t(0));
        const auto list = SchemaValidator(kLoop).validate(1);
        QCOMPARE(int(list.size()), 1);
        QVERIFY2(list[0].message.find("never reaches a value") != std::string::npos,
                 list[0].message.c_str());
    }

    void booleanSchemasAndUnknownKeywords() {
        QCOMPARE(errors(true, {{"any", "thing"}}), QString());
        QCOMPARE(errors(false, 1), QStringLiteral("(root): no value is allowed here"));
        QCOMPARE(errors({{"properties", {{"gone", false}}}}, {{"gone", 1}}),
                 QStringLiteral("/gone: no value is allowed here"));
        QCOMPARE(errors({{"title", "T"},
                         {"description", "D"},
                         {"format", "email"},
                         {"not", {{"type", "string"}}},
                         {"examples", {1}}},
                        "not an email"),
                 QString());
    }

    void describeFormatsLines() {
        QCOMPARE(q(SchemaValidator::describe({})), QString());
        const std::vector<SchemaError> list = {{"", "expected object, got array"},
                                               {"/a/0", "expected string, got null"}};
        QCOMPARE(
            q(SchemaValidator::describe(list)),
            QStringLiteral("(root): expected object, got array\n/a/0: expected string, got null"));
    }

    void checkSchemaReportsProblems() {
        QCOMPARE(problems(kThemes), QString());
        QCOMPARE(problems(true), QString());
        QCOMPARE(problems("string"),
                 QStringLiteral("(root): a schema must be an object or a boolean, got string"));
        const QStringList lines = problems(kBadSchema).split('\n');
        const QStringList expected = {
            "/properties/a/type: unknown type \"strng\" (known: array, boolean, integer, null, "
            "number, object, string)",
            "/properties/b/type: must be a type name or an array of type names",
            "/properties/c/$ref: cannot resolve $ref \"#/$defs/missing\"",
            "/properties/d/$ref: unsupported $ref \"other.json#/x\": only references inside this "
            "schema (\"#\", \"#/$defs/...\") are supported",
            "/properties/e/$ref: $ref \"#/$defs/notaschema\" does not point to a schema",
            "/properties/f/items/1: a schema must be an object or a boolean, got number",
            "/properties/g/minItems: must be a non-negative integer",
            "/properties/g/maxLength: must be a non-negative integer",
            "/properties/g/minimum: must be a number",
            "/properties/g/uniqueItems: must be a boolean",
            "/properties/h/pattern: invalid regular expression \"([a-z\"",  // prefix, see below
            "/properties/i/anyOf: must be a non-empty array of schemas",
            "/properties/j/required: must be an array of property names",
            "/properties/j/enum: must be an array",
            "/properties/k/properties: must be an object of schemas",
            "/properties/k/additionalProperties: a schema must be an object or a boolean, got "
            "number",
            "/$defs/notaschema: a schema must be an object or a boolean, got number"};
        QCOMPARE(lines.size(), expected.size());
        for (int i = 0; i < lines.size(); ++i) {
            // The regex library's own wording follows the quoted pattern.
            if (expected[i].contains("invalid regular expression")) {
                QVERIFY2(lines[i].startsWith(expected[i] + ": "), qPrintable(lines[i]));
            } else {
                QCOMPARE(lines[i], expected[i]);
            }
        }
    }

    void constructorRejectsABadSchema() {
        try {
            SchemaValidator validator(Json{{"type", "strng"}});
            QFAIL("no exception");
        } catch (const cascade::Error& e) {
            QCOMPARE(q(e.what()),
                     QStringLiteral("invalid JSON Schema: /type: unknown type \"strng\" (known: "
                                    "array, boolean, integer, null, number, object, string)"));
        }
    }

    void copiesOutliveTheOriginal() {
        std::optional<SchemaValidator> original(std::in_place, kThemes);
        const SchemaValidator copy = *original;
        original.reset();
        QCOMPARE(q(SchemaValidator::describe(copy.validate({{"themes", {{{"title", "t"}}}}}))),
                 QStringLiteral("/themes/0: missing required property \"intent\""));
        QVERIFY(copy.schema() == kThemes);
    }
};

QTEST_APPLESS_MAIN(TestSchema)
#include "test_schema.moc"
