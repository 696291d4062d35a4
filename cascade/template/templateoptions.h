#pragma once

namespace cascade {

struct TemplateOptions {
    // An unknown variable is an error rather than an empty string: a typo in a prompt would
    // otherwise silently send the model a prompt with a hole in it.
    bool strict = true;
    // Prompts are not HTML; escaping is only for templates that produce markup.
    bool escape_html = false;
};

}  // namespace cascade
