#include "widgets/enginemetatypes.h"

void registerEngineMetaTypes() {
    qRegisterMetaType<cascade::StageEvent>();
    qRegisterMetaType<cascade::RunIssue>();
    qRegisterMetaType<cascade::RunEnded>();
    qRegisterMetaType<QList<cascade::StageEvent>>();
    qRegisterMetaType<QList<cascade::RunIssue>>();
}
