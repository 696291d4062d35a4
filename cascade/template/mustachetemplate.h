#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cascade/template/templatecontext.h"
#include "cascade/template/templatenode.h"
#include "cascade/template/templateoptions.h"
#include "cascade/template/templatereference.h"

namespace cascade {

// A prompt template, parsed once and rendered once per item.
//
// Values render as: strings raw, null empty, numbers and booleans as JSON, objects and arrays
// as compact JSON. Sections are skipped for a missing name, null, false, "", [] and {};
// a list renders its body once per element (pushed onto the context), any other value renders
// it once with the value pushed. Numbers, 0 included, are truthy.
class MustacheTemplate {
public:
    MustacheTemplate() = default;

    // Throws cascade::Error "name:line:col: message" on a syntax error.
    static MustacheTemplate parse(std::string_view text, std::string name);

    // In strict mode, an unknown variable throws cascade::Error naming it and the names that
    // were available. Unknown section names are never errors: optional fields are common.
    std::string render(const TemplateContext& ctx, const TemplateOptions& options = {}) const;

    const std::string& name() const { return name_; }
    const std::vector<TemplateReference>& references() const { return references_; }

private:
    void render_nodes(const std::vector<TemplateNode>& nodes, TemplateContext& scope,
                      const TemplateOptions& options, std::string& out) const;
    [[noreturn]] void throw_unknown(const TemplateNode& node, const TemplateContext& scope) const;

    std::string name_;
    std::vector<TemplateNode> nodes_;
    std::vector<TemplateReference> references_;
};

}  // namespace cascade
