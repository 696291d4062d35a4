#include "support/testproject.h"

#include <fstream>

namespace cascade::testing {

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

void write_project(const std::filesystem::path& dir, const Json& document) {
    write_file(dir / "cascade.json", document.dump(2));
}

Json write_two_stage_project(const std::filesystem::path& dir, const std::string& base_url,
                             int inputs) {
    std::string rows;
    for (int i = 1; i <= inputs; ++i)
        rows += Json{{"sku", "p" + std::to_string(i)}, {"name", "Product " + std::to_string(i)}}
                    .dump() + "\n";
    write_file(dir / "data/products.jsonl", rows);
    write_file(dir / "prompts/ideas.md", "List two selling points for {{name}}.\n");
    write_file(dir / "prompts/pitch.md", "Write a pitch for {{input.name}} about: {{point}}\n");
    write_file(dir / "schemas/ideas.json", R"({
  "type": "object",
  "properties": {"ideas": {"type": "array", "minItems": 1,
    "items": {"type": "object", "properties": {"point": {"type": "string"}},
              "required": ["point"], "additionalProperties": false}}},
  "required": ["ideas"], "additionalProperties": false
})");
    Json document = Json::parse(R"({
  "format": "cascade-project/1",
  "name": "Two stages",
  "inputs": {"path": "data/products.jsonl", "id": "sku"},
  "models": {"writer": {"provider": "openai", "base_url": "", "model": "test-model",
                        "price_per_mtok": {"input": 1.0, "output": 2.0}, "max_concurrency": 4,
                        "timeout_s": 5, "max_retries": 1}},
  "stages": [
    {"id": "ideas", "kind": "generate", "model": "writer", "prompt": "prompts/ideas.md",
     "output": {"schema": "schemas/ideas.json", "explode": "/ideas"}},
    {"id": "pitch", "kind": "generate", "model": "writer", "prompt": "prompts/pitch.md"}
  ]
})");
    document["models"]["writer"]["base_url"] = base_url;
    write_project(dir, document);
    return document;
}

}  // namespace cascade::testing
