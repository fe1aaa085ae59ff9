"""`if`, `while` and `for` become calls to `ag__.if_stmt`, `ag__.while_stmt` and
`ag__.for_stmt` on functions of the statement's body, with the state (branch outputs or
loop-carried variables, from liveness analysis) read by `get_state` and written back by
`set_state`."""
import gast

from graphflow.autograph.pyct import origin, templates
from graphflow.autograph.pyct.analysis import activity


def _modified(stmts):
    return activity.analyze(stmts).writes


def _declared_global(fn_node):
    names = set()
    for n in gast.walk(fn_node):
        if isinstance(n, gast.Global):
            names |= set(n.names)
    return names


def _state_functions(namer, state):
    """`get_state`/`set_state` reading and writing the statement's variables. Composite
    symbols (`self.count`) are read with `ag__.ldu`, Undefined when not set yet."""
    get_state, set_state = namer.new("get_state"), namer.new("set_state")
    if not state:
        src = ("def %s():\n    return ()\n"
               "def %s(vars_):\n    pass\n" % (get_state, set_state))
        return _generated(templates.replace(src)), get_state, set_state
    reads = ", ".join("ag__.ldu(lambda: %s, %r)" % (n, n) if activity.is_composite(n) else n
                      for n in state)
    plain = [n for n in state if not activity.is_composite(n)]
    src = "def %s():\n    return (%s,)\ndef %s(vars_):\n" % (get_state, reads, set_state)
    if plain:
        src += "    nonlocal %s\n" % ", ".join(plain)
    src += "    (%s,) = vars_\n" % ", ".join(state)
    return _generated(templates.replace(src)), get_state, set_state


def _body_function(name, params, nonlocals, body):
    src = "def %s(%s):\n    nonlocal %s\n    ph__body\n" % (name, params, ", ".join(nonlocals))
    if not nonlocals:
        src = "def %s(%s):\n    ph__body\n" % (name, params)
    return _generated(templates.replace(src, ph__body=body or [gast.Pass()]))


def _generated(defs):
    """Mark AutoGraph's own functions (the scopes converter binds their nonlocals)."""
    for d in defs:
        d.ag_generated = True
    return defs


def _names_tuple(namer, names):
    return gast.Tuple(elts=[templates.constant(namer.display(n)) for n in names],
                      ctx=gast.Load())


def _item_writes(stmts, modified):
    """`((name, lambda: value), ...)` for outer collections the statements assign items of
    at non-constant keys, which graph control flow cannot carry; None when there are none."""
    names = sorted(n for n in activity.analyze(stmts).item_writes
                   if activity.root(n) not in modified)
    if not names:
        return None
    pairs = "".join("(%r, lambda: %s), " % (n, n) for n in names)
    return templates.replace_as_expression("(%s)" % pairs)


def _add_option(opts, key, value):
    if value is not None:
        opts.keys.append(templates.constant(key))
        opts.values.append(value)


def _loop_options(node):
    """Keyword arguments of a leading `set_loop_options(...)` call, removed from the body."""
    first = node.body[0] if node.body else None
    if (isinstance(first, gast.Expr) and isinstance(first.value, gast.Call) and
            getattr(first.value.func, "attr", getattr(first.value.func, "id", None))
            == "set_loop_options"):
        node.body = node.body[1:]
        kws = first.value.keywords
        return gast.Dict(keys=[templates.constant(k.arg) for k in kws],
                         values=[k.value for k in kws])
    return gast.Dict(keys=[], values=[])


class ControlFlowTransformer(gast.NodeTransformer):
    def __init__(self, namer):
        self.namer = namer
        self.globals = set()

    def visit_FunctionDef(self, node):
        outer = self.globals
        self.globals = outer | _declared_global(node)
        self.generic_visit(node)
        self.globals = outer
        return node

    def _sorted(self, names):
        return sorted(n for n in names if n not in self.globals)

    def _local(self, names):
        """Plain names, which generated functions declare nonlocal."""
        return [n for n in self._sorted(names) if not activity.is_composite(n)]

    @staticmethod
    def _composites(names):
        """Modified attributes and items stay visible after the statement: always outputs,
        unless their object is itself rebound in the statement (then it is local to it)."""
        return {n for n in names if activity.is_composite(n) and activity.root(n) not in names}

    def visit_If(self, node):
        modified = _modified(node.body + node.orelse)
        state = self._sorted(modified & node.ag_live_out | self._composites(modified))
        nonlocals = self._local(modified & (node.ag_defined_in | node.ag_live_out))
        item_writes = _item_writes(node.body + node.orelse, modified)
        self.generic_visit(node)
        defs, get_state, set_state = _state_functions(self.namer, state)
        if_body, else_body = self.namer.new("if_body"), self.namer.new("else_body")
        defs += _body_function(if_body, "", nonlocals, node.body)
        defs += _body_function(else_body, "", nonlocals, node.orelse)
        call = templates.replace(
            "ag__.if_stmt(test, if_body, else_body, get_state, set_state, names, nouts%s)"
            % ("" if item_writes is None else ", item_writes"),
            test=node.test, if_body=if_body, else_body=else_body, get_state=get_state,
            set_state=set_state, names=_names_tuple(self.namer, state),
            nouts=templates.constant(len(state)), item_writes=item_writes)
        return origin.locate(defs + call, node)

    def _loop_state(self, node, extra_writes=()):
        modified = _modified(node.body) | set(extra_writes)
        state = self._sorted(modified & node.ag_live_head | self._composites(modified))
        nonlocals = self._local(modified & (node.ag_defined_in | node.ag_live_head))
        return state, nonlocals

    def visit_While(self, node):
        state, nonlocals = self._loop_state(node)
        opts = _loop_options(node)
        _add_option(opts, "item_writes", _item_writes(node.body, _modified(node.body)))
        self.generic_visit(node)
        defs, get_state, set_state = _state_functions(self.namer, state)
        body, test = self.namer.new("loop_body"), self.namer.new("loop_test")
        defs += _body_function(body, "", nonlocals, node.body)
        defs += templates.replace("def test_name():\n    return test", test_name=test,
                                  test=node.test)
        call = templates.replace(
            "ag__.while_stmt(test, body, get_state, set_state, names, opts)", test=test,
            body=body, get_state=get_state, set_state=set_state,
            names=_names_tuple(self.namer, state),
            opts=opts)
        return origin.locate(defs + call, node) + node.orelse

    def visit_For(self, node):
        targets = activity.analyze(node.target).writes
        # The target is state only when it has a value before the loop or is read after it.
        carried_targets = targets & (node.ag_defined_in | node.ag_live_out)
        state, nonlocals = self._loop_state(node, carried_targets)
        state = [n for n in state if n not in targets or n in carried_targets]
        nonlocals = [n for n in nonlocals if n not in targets or n in carried_targets]
        opts = _loop_options(node)
        opts.keys.append(templates.constant("iterate_names"))
        opts.values.append(templates.constant(", ".join(sorted(targets))))
        _add_option(opts, "item_writes", _item_writes(node.body, _modified(node.body) | targets))
        self.generic_visit(node)
        defs, get_state, set_state = _state_functions(self.namer, state)
        body = self.namer.new("loop_body")
        itr = self.namer.new("itr")
        assign = templates.replace("target = itr", target=node.target, itr=itr)
        defs += _body_function(body, itr, nonlocals, assign + node.body)
        extra = getattr(node, "ag_extra_test", None)
        if extra:
            test = self.namer.new("extra_test")
            cond = extra[0] if len(extra) == 1 else gast.BoolOp(op=gast.And(), values=extra)
            defs += templates.replace("def test_name():\n    return cond", test_name=test,
                                      cond=cond)
        else:
            test = templates.constant(None)
        call = templates.replace(
            "ag__.for_stmt(iterated, test, body, get_state, set_state, names, opts)",
            iterated=node.iter, test=test, body=body, get_state=get_state,
            set_state=set_state, names=_names_tuple(self.namer, state), opts=opts)
        return origin.locate(defs + call, node) + node.orelse


def transform(node, namer):
    return ControlFlowTransformer(namer).visit(node)
