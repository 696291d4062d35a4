#pragma once

#include <string>

#include "cascade/project/project.h"
#include "cascade/template/mustachetemplate.h"

namespace cascade {

class SpecReader;
class StageContext;
struct Item;

// A Mustache template written inline in a stage spec ("query": "{{title}}"), rendered per item
// against the item and its ancestors, like a prompt file.
class InlineTemplate {
public:
    // Throws cascade::Error when the key is missing or the template does not parse.
    InlineTemplate(const StageConfig& config, const std::string& key);

    // Throws cascade::Error naming an unknown variable.
    std::string render(const StageContext& context, const Item& item) const;

    // Diagnostics for the key: not a string, or a template that does not parse.
    static void validate(SpecReader& reader, const std::string& key, bool required);

private:
    MustacheTemplate template_;
};

}  // namespace cascade
