#include <QtTest>

#include <functional>
#include <string>

#include "cascade/core/error.h"
#include "cascade/template/mustachetemplate.h"
#include "cascade/template/templatecontext.h"

using cascade::Json;
using cascade::MustacheTemplate;
using cascade::TemplateContext;
using cascade::TemplateOptions;
using cascade::TemplateReference;

namespace {

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

std::string render(const std::string& text, const Json& data, TemplateOptions options = {}) {
    return MustacheTemplate::parse(text, "t.md").render(TemplateContext(data), options);
}

// The cascade::Error message, or "" when nothing was thrown.
std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const cascade::Error& e) {
        return e.what();
    }
    return {};
}

std::string parse_error(const std::string& text) {
    return error_of([&] { MustacheTemplate::parse(text, "prompts/p.md"); });
}

}  // namespace

class TestTemplate : public QObject {
    Q_OBJECT

private slots:
    void rendersValuesAsPromptText() {
        const Json data = {{"s", "<b>Tom & \"Jerry\"</b>"},
                           {"i", 42},
                           {"f", 2.5},
                           {"t", true},
                           {"n", nullptr},
                           {"a", {1, "x"}},
                           {"o", {{"k", "v"}, {"n", 1}}}};
        QCOMPARE(
            q(render("{{s}}|{{i}}|{{f}}|{{t}}|{{n}}|{{a}}|{{o}}", data)),
            QStringLiteral("<b>Tom & \"Jerry\"</b>|42|2.5|true||[1,\"x\"]|{\"k\":\"v\",\"n\":1}"));
        QCOMPARE(q(render("no tags at all\n", data)), QStringLiteral("no tags at all\n"));
        QCOMPARE(q(render("{{ s }}", {{"s", "spaced"}})), QStringLiteral("spaced"));
    }

    void escapesHtmlOnlyWhenAsked() {
        const Json data = {{"s", "<a href='x'>&\"</a>"}};
        TemplateOptions options;
        options.escape_html = true;
        QCOMPARE(q(render("{{s}}", data, options)),
                 QStringLiteral("&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"));
        QCOMPARE(q(render("{{{s}}}|{{& s}}", data, options)),
                 QStringLiteral("<a href='x'>&\"</a>|<a href='x'>&\"</a>"));
        QCOMPARE(q(render("{{{s}}}|{{&s}}|{{s}}", data)),
                 QStringLiteral("<a href='x'>&\"</a>|<a href='x'>&\"</a>|<a href='x'>&\"</a>"));
    }

    void resolvesDottedNames() {
        const Json data = {{"user", {{"name", {{"first", "Ada"}}}, {"tags", {"a", "b", "c"}}}}};
        QCOMPARE(q(render("{{user.name.first}} {{user.tags.1}}", data)), QStringLiteral("Ada b"));
        QCOMPARE(q(render("{{#user.name}}{{first}}{{/user.name}}", data)), QStringLiteral("Ada"));
    }

    void resolvesFirstSegmentThroughTheStack() {
        TemplateContext ctx;
        ctx.push({{"input", {{"city", "Oslo"}}}, {"title", "outer"}, {"season", "winter"}});
        ctx.push({{"title", "inner"}, {"input", "shadowing string"}});
        QCOMPARE(ctx.lookup("title")->get<std::string>(), std::string("inner"));
        QCOMPARE(ctx.lookup("season")->get<std::string>(), std::string("winter"));
        // The nearest "input" is a string, so the chain breaks; it must not fall back below.
        QVERIFY(ctx.lookup("input.city") == nullptr);
        QVERIFY(ctx.lookup("missing") == nullptr);
        QVERIFY(ctx.lookup("title.x") == nullptr);
        QCOMPARE(ctx.lookup(".")->at("title").get<std::string>(), std::string("inner"));
        ctx.pop();
        QCOMPARE(ctx.lookup("input.city")->get<std::string>(), std::string("Oslo"));
        QCOMPARE(int(ctx.size()), 1);
        ctx.pop();
        QVERIFY(ctx.empty());
        QVERIFY(ctx.top() == nullptr);
        QVERIFY(ctx.lookup(".") == nullptr);
    }

    void iteratesListsPushingEachElement() {
        const Json data = {{"product_concepts", {"oat milk", "granola"}},
                           {"themes", {{{"title", "A"}}, {{"title", "B"}, {"note", "!"}}}},
                           {"note", "?"}};
        QCOMPARE(q(render("{{#product_concepts}}{{.}} {{/product_concepts}}", data)),
                 QStringLiteral("oat milk granola "));
        // Names the element lacks resolve in the outer frames.
        QCOMPARE(q(render("{{#themes}}[{{title}}{{note}}]{{/themes}}", data)),
                 QStringLiteral("[A?][B!]"));
        QCOMPARE(q(render("{{#themes}}{{#product_concepts}}{{title}}:{{.}};{{/product_concepts}}"
                          "{{/themes}}",
                          data)),
                 QStringLiteral("A:oat milk;A:granola;B:oat milk;B:granola;"));
    }

    void sectionsOverObjectsAndScalars() {
        const Json data = {{"user", {{"name", "Ada"}}}, {"n", 0}, {"s", "yes"}, {"t", true}};
        QCOMPARE(q(render("{{#user}}Hi {{name}}{{/user}}", data)), QStringLiteral("Hi Ada"));
        QCOMPARE(q(render("{{#s}}<{{.}}>{{/s}}", data)), QStringLiteral("<yes>"));
        QCOMPARE(q(render("{{#t}}T{{.}}{{/t}}", data)), QStringLiteral("Ttrue"));
        QCOMPARE(q(render("{{#n}}zero is truthy:{{.}}{{/n}}", data)),
                 QStringLiteral("zero is truthy:0"));
    }

    void skipsFalsySections() {
        const Json data = {
            {"f", false}, {"n", nullptr}, {"s", ""}, {"a", Json::array()}, {"o", Json::object()}};
        for (const char* name : {"f", "n", "s", "a", "o", "missing", "deep.missing"}) {
            const std::string body = std::string("{{#") + name + "}}X{{/" + name + "}}";
            QCOMPARE(q(render("<" + body + ">", data)), QStringLiteral("<>"));
            const std::string inverted = std::string("{{^") + name + "}}Y{{/" + name + "}}";
            QCOMPARE(q(render("<" + inverted + ">", data)), QStringLiteral("<Y>"));
        }
        QCOMPARE(q(render("{{^list}}none{{/list}}", {{"list", {1}}})), QString());
    }

    void ignoresComments() {
        QCOMPARE(q(render("a{{! a comment with {braces} }}b{{!\nmulti\nline}}c", Json::object())),
                 QStringLiteral("abc"));
    }

    void removesStandaloneLines() {
        const Json data = {{"items", {"x", "y"}}, {"empty", Json::array()}};
        QCOMPARE(q(render("List:\n{{#items}}\n- {{.}}\n{{/items}}\nEnd\n", data)),
                 QStringLiteral("List:\n- x\n- y\nEnd\n"));
        // Indented tags, comments, inverted sections, CRLF and a tag on the last line.
        QCOMPARE(q(render("A\n  {{! note }}\n\t{{^empty}}  \r\nB\r\n  {{/empty}}", data)),
                 QStringLiteral("A\nB\r\n"));
        QCOMPARE(q(render("  {{#items}}\n#{{/items}}\n/", data)), QStringLiteral("##\n/"));
        // Not standalone: other content on the line, or a variable tag.
        QCOMPARE(q(render(" {{#items}}{{.}}{{/items}} \n", data)), QStringLiteral(" xy \n"));
        QCOMPARE(q(render("a\n{{v}}\nb", {{"v", ""}})), QStringLiteral("a\n\nb"));
        QCOMPARE(q(render("{{#empty}}x{{/empty}}{{! c }}\n", data)), QStringLiteral("\n"));
    }

    void unknownVariableNamesAvailableNames() {
        TemplateContext ctx;
        ctx.push({{"season", "winter"}, {"household", 3}});
        ctx.push({{"dietary", "vegan"}, {"purchase_history", {"tea"}}, {"season", "summer"}});
        const auto tpl = MustacheTemplate::parse(
            "Plan themes.\n\nRecent items {{purchase_histroy}}.\n", "prompts/themes.md");
        QCOMPARE(q(error_of([&] { tpl.render(ctx); })),
                 QStringLiteral("prompts/themes.md:3:14: unknown variable \"purchase_histroy\" "
                                "(available: dietary, household, purchase_history, season)"));
        TemplateOptions lenient;
        lenient.strict = false;
        QCOMPARE(q(tpl.render(ctx, lenient)), QStringLiteral("Plan themes.\n\nRecent items .\n"));
    }

    void unknownDottedNameListsThatObjectsKeys() {
        const Json data = {{"input", {{"dietary", "none"}, {"age", 40}}}, {"title", "t"}};
        QCOMPARE(q(error_of([&] { render("{{input.dietry}}", data); })),
                 QStringLiteral("t.md:1:1: unknown variable \"input.dietry\" "
                                "(available: input.age, input.dietary)"));
        QCOMPARE(q(error_of([&] { render("x {{{nope.deeper}}}", data); })),
                 QStringLiteral("t.md:1:3: unknown variable \"nope.deeper\" "
                                "(available: input, title)"));
        QCOMPARE(q(error_of([&] { render("{{x}}", Json::array()); })),
                 QStringLiteral("t.md:1:1: unknown variable \"x\" (no variables available)"));
        QCOMPARE(q(error_of([&] { render("{{.}}", Json::object()); })), QString());
    }

    void unknownNameInsideSectionSeesTheElement() {
        const Json data = {{"themes", {{{"title", "A"}}}}, {"user", "u"}};
        QCOMPARE(q(error_of([&] { render("{{#themes}}\n  {{titel}}{{/themes}}", data); })),
                 QStringLiteral("t.md:2:3: unknown variable \"titel\" "
                                "(available: themes, title, user)"));
    }

    void reportsSyntaxErrorsWithPosition() {
        QCOMPARE(
            q(parse_error("a\n  {{#items}}\n{{.}}\n")),
            QStringLiteral("prompts/p.md:2:3: unclosed section \"items\": missing {{/items}}"));
        QCOMPARE(q(parse_error("{{#a}}\n{{#b}}x\n {{/a}}{{/b}}")),
                 QStringLiteral("prompts/p.md:3:2: mismatched {{/a}}: expected {{/b}} to close "
                                "the section opened at 2:1"));
        QCOMPARE(q(parse_error("ok\nthen {{/a}}")),
                 QStringLiteral("prompts/p.md:2:6: unexpected {{/a}}: no open section"));
        QCOMPARE(q(parse_error("x {{name")),
                 QStringLiteral("prompts/p.md:1:3: unclosed tag: missing \"}}\""));
        QCOMPARE(q(parse_error("{{{name}}")),
                 QStringLiteral("prompts/p.md:1:1: unclosed tag: missing \"}}}\""));
        QCOMPARE(q(parse_error("{{ }}")), QStringLiteral("prompts/p.md:1:1: empty tag"));
        QCOMPARE(q(parse_error("{{#}}{{/}}")), QStringLiteral("prompts/p.md:1:1: empty tag"));
        QCOMPARE(q(parse_error("{{a b}}")),
                 QStringLiteral("prompts/p.md:1:1: invalid name \"a b\""));
        QCOMPARE(q(parse_error("{{a..b}}")),
                 QStringLiteral("prompts/p.md:1:1: invalid name \"a..b\""));
        QCOMPARE(q(parse_error("{{> header}}")),
                 QStringLiteral("prompts/p.md:1:1: partials ({{>name}}) are not supported"));
        QCOMPARE(q(parse_error("{{=<% %>=}}")),
                 QStringLiteral("prompts/p.md:1:1: changing delimiters ({{=...=}}) is not "
                                "supported"));
        // Columns count characters, not bytes: "é" and "→" are multi-byte in UTF-8.
        QCOMPARE(q(parse_error("é→ {{/x}}")),
                 QStringLiteral("prompts/p.md:1:4: unexpected {{/x}}: no open section"));
    }

    void listsReferencesInSourceOrder() {
        const std::string text =
            "Hi {{name}}\n{{#items}}\n{{{.}}}{{& raw}}\n{{/items}}"
            "{{^none}}{{! why }}{{/none}}";
        const auto tpl = MustacheTemplate::parse(text, "t.md");
        QCOMPARE(q(tpl.name()), QStringLiteral("t.md"));
        const auto& refs = tpl.references();
        using K = TemplateReference::Kind;
        const std::vector<std::pair<std::string, K>> expected = {
            {"name", K::variable}, {"items", K::section},     {".", K::variable},
            {"raw", K::variable},  {"items", K::section_end}, {"none", K::inverted},
            {"why", K::comment},   {"none", K::section_end}};
        QCOMPARE(int(refs.size()), int(expected.size()));
        for (std::size_t i = 0; i < refs.size(); ++i) {
            QCOMPARE(q(refs[i].name), q(expected[i].first));
            QVERIFY(refs[i].kind == expected[i].second);
            // offset/length cover exactly the tag, braces included.
            const std::string tag = text.substr(refs[i].offset, refs[i].length);
            QVERIFY2(tag.rfind("{{", 0) == 0 && tag.size() >= 4 &&
                         tag.compare(tag.size() - 2, 2, "}}") == 0,
                     tag.c_str());
        }
        QCOMPARE(int(refs[0].offset), 3);
        QCOMPARE(int(refs[0].length), 8);
        QCOMPARE(q(text.substr(refs[2].offset, refs[2].length)), QStringLiteral("{{{.}}}"));
        QCOMPARE(q(text.substr(refs[3].offset, refs[3].length)), QStringLiteral("{{& raw}}"));
    }

    void availableNamesAreDedupedAndSorted() {
        TemplateContext ctx;
        ctx.push({{"zeta", 1}, {"alpha", 2}});
        ctx.push("a scalar frame");
        ctx.push({{"beta", 3}, {"alpha", 4}});
        ctx.push({1, 2});
        const std::vector<std::string> expected = {"alpha", "beta", "zeta"};
        QVERIFY(ctx.available_names() == expected);
        QVERIFY(TemplateContext().available_names().empty());
    }

    void rendersRepeatedlyWithoutTouchingTheContext() {
        const auto tpl = MustacheTemplate::parse("{{#xs}}{{.}}{{/xs}}{{n}}", "t.md");
        const TemplateContext ctx(Json{{"xs", {1, 2}}, {"n", "!"}});
        QCOMPARE(q(tpl.render(ctx)), QStringLiteral("12!"));
        QCOMPARE(q(tpl.render(ctx)), QStringLiteral("12!"));
        QCOMPARE(int(ctx.size()), 1);
        QCOMPARE(q(MustacheTemplate().render(ctx)), QString());
    }
};

QTEST_APPLESS_MAIN(TestTemplate)
#include "test_template.moc"
