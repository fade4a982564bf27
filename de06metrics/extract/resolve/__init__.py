"""Pure rules that decide one stage of a figure each — `metric`, `period`, `status`, `geo` — from
the `Doc`, the `Vocabulary`, the figure's sentence, the figure and the `Carry`, and return their
decision with the name of the rule that made it (the names go into row notes and `explain`)."""
