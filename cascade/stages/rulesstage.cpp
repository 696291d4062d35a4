#include "cascade/stages/rulesstage.h"

#include <set>

#include "cascade/project/specreader.h"
#include "cascade/run/stagecontext.h"
#include "cascade/stages/policyrule.h"
#include "cascade/template/templatecontext.h"

namespace cascade {

RulesStage::RulesStage(const StageConfig& config)
    : rules_(config.spec.value("rules", Json::array())) {}

void RulesStage::run(StageContext& context) {
    // Compiled here rather than in the constructor: schema files are relative to the project.
    std::vector<PolicyRule> rules;
    for (const Json& spec : rules_) rules.emplace_back(spec, context.project().dir);
    for (const Item& input : context.inputs()) {
        context.run().throw_if_cancelled();
        Item item = context.pass_through(input);
        const TemplateContext values = context.template_context(input);
        Json failed = Json::array();
        std::string reason;
        for (const PolicyRule& rule : rules) {
            const auto problems = rule.check(input, values);
            if (problems.empty()) continue;
            failed.push_back(rule.id());
            std::string joined;
            for (const auto& problem : problems) joined += (joined.empty() ? "" : ", ") + problem;
            reason += (reason.empty() ? "rule " : "; rule ") + rule.id() + ": " + joined;
        }
        if (!failed.empty()) {
            item.status = ItemStatus::Filtered;
            item.reason = std::move(reason);
        }
        item.scores = {{"failed_rules", std::move(failed)}};
        context.emit(std::move(item));
        context.input_done();
    }
}

StageKind RulesStage::kind() {
    StageKind kind;
    kind.name = "rules";
    kind.description = "policy guardrails: deny terms, regexes, lengths, required fields, schema";
    kind.is_gate = true;
    kind.create = [](const StageConfig& config) { return std::make_unique<RulesStage>(config); };
    kind.validate = [](const Project& project, const StageConfig& stage, Diagnostics& diags) {
        SpecReader r(stage.spec, "cascade.json", stage.json_path, diags);
        r.warn_unknown_keys({"id", "kind", "from", "description", "rules"});
        const Json* rules = r.array("rules", true);
        if (rules && rules->empty())
            diags.error("cascade.json", r.path_of("rules"), "expected at least one rule");
        std::set<std::string> ids;
        for (std::size_t i = 0; rules && i < rules->size(); ++i) {
            const Json& rule = (*rules)[i];
            SpecReader reader(rule, "cascade.json", r.path_of("rules") + "/" + std::to_string(i),
                              diags);
            PolicyRule::validate(rule, reader, project.dir);
            if (rule.is_object() && rule.contains("id") && rule["id"].is_string() &&
                !ids.insert(rule["id"].get<std::string>()).second)
                diags.error("cascade.json", reader.path_of("id"),
                            "duplicate rule id \"" + rule["id"].get<std::string>() + "\"");
        }
    };
    return kind;
}

}  // namespace cascade
