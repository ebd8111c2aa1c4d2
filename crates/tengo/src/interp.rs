//! A tree-walking interpreter: statements, expressions, calls, scopes and
//! the budgets of a run.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::ast::{Expr, ExprKind, FuncLit, Stmt, StmtKind};
use crate::value::{Closure, Map, Value};
use crate::{builtins, modules, ops, ErrorKind, Limits, Program, RuntimeError, Vars};

/// Nested evaluations (calls included) deeper than this are a run-time
/// error, which keeps a recursive script from overflowing the stack.
const MAX_DEPTH: u32 = 400;

/// One block's variables, and the block around it.
#[derive(Debug, Default)]
pub struct Scope {
    vars: RefCell<Vec<(Rc<str>, Value)>>,
    parent: Option<Rc<Scope>>,
}

impl Scope {
    pub fn child(parent: &Rc<Scope>) -> Rc<Scope> {
        Rc::new(Scope {
            vars: RefCell::default(),
            parent: Some(parent.clone()),
        })
    }

    pub fn define(&self, name: &str, v: Value) {
        let mut vars = self.vars.borrow_mut();
        match vars.iter_mut().find(|(n, _)| &**n == name) {
            Some(slot) => slot.1 = v,
            None => vars.push((name.into(), v)),
        }
    }

    fn get(&self, name: &str) -> Option<Value> {
        let mut s = self;
        loop {
            if let Some((_, v)) = s.vars.borrow().iter().find(|(n, _)| &**n == name) {
                return Some(v.clone());
            }
            s = s.parent.as_deref()?;
        }
    }

    fn set(&self, name: &str, v: Value) -> bool {
        let mut s = self;
        loop {
            if let Some(slot) = s.vars.borrow_mut().iter_mut().find(|(n, _)| &**n == name) {
                slot.1 = v;
                return true;
            }
            match s.parent.as_deref() {
                Some(p) => s = p,
                None => return false,
            }
        }
    }
}

/// The state of a run: its budgets, its output and the builtins.
pub struct Ctx {
    steps: u64,
    memory: u64,
    depth: u32,
    pub output: String,
    pub line: u32,
    builtins: HashMap<&'static str, Value>,
    pub regexes: HashMap<Vec<u8>, Rc<regex::bytes::Regex>>,
}

impl Ctx {
    pub fn new(limits: Limits) -> Ctx {
        Ctx {
            steps: limits.steps,
            memory: limits.memory,
            depth: 0,
            output: String::new(),
            line: 0,
            builtins: builtins::all(),
            regexes: HashMap::new(),
        }
    }

    pub fn steps_left(&self) -> u64 {
        self.steps
    }

    pub fn step(&mut self) -> Result<(), RuntimeError> {
        self.steps_n(1)
    }

    pub fn steps_n(&mut self, n: u64) -> Result<(), RuntimeError> {
        if self.steps < n {
            self.steps = 0;
            return Err(RuntimeError {
                line: self.line,
                message: "step budget exceeded (the script runs too long)".into(),
                kind: ErrorKind::Steps,
            });
        }
        self.steps -= n;
        Ok(())
    }

    /// Charges `bytes` of memory, and the steps to touch them.
    pub fn alloc(&mut self, bytes: usize) -> Result<(), RuntimeError> {
        let bytes = bytes as u64;
        if self.memory < bytes {
            self.memory = 0;
            return Err(RuntimeError {
                line: self.line,
                message: "memory budget exceeded (the script builds too large a value)".into(),
                kind: ErrorKind::Memory,
            });
        }
        self.memory -= bytes;
        self.steps_n(bytes / 1024)
    }

    fn enter(&mut self) -> Result<(), RuntimeError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(RuntimeError {
                line: self.line,
                message: format!("nesting or recursion deeper than {MAX_DEPTH} levels"),
                kind: ErrorKind::Runtime,
            });
        }
        Ok(())
    }
}

/// How a statement ended.
pub enum Flow {
    Normal,
    Break,
    Continue,
    Return(Value),
}

pub fn run(
    program: &Program,
    globals: Vec<(&str, Value)>,
    limits: Limits,
) -> Result<Vars, RuntimeError> {
    let mut ctx = Ctx::new(limits);
    let root = Rc::new(Scope::default());
    for name in &program.globals {
        root.define(name, Value::Undefined);
    }
    for (name, v) in globals {
        root.define(name, v);
    }
    for stmt in program.body.iter() {
        if let Flow::Return(_) = exec(&mut ctx, &root, stmt)? {
            break;
        }
    }
    let vars = root
        .vars
        .borrow()
        .iter()
        .map(|(n, v)| (n.to_string(), v.clone()))
        .collect();
    Ok(Vars {
        vars,
        output: std::mem::take(&mut ctx.output),
    })
}

fn at_line<T>(line: u32, r: Result<T, RuntimeError>) -> Result<T, RuntimeError> {
    r.map_err(|mut e| {
        if e.line == 0 {
            e.line = line;
        }
        e
    })
}

pub fn exec_block(ctx: &mut Ctx, env: &Rc<Scope>, body: &[Stmt]) -> Result<Flow, RuntimeError> {
    let scope = Scope::child(env);
    for stmt in body {
        match exec(ctx, &scope, stmt)? {
            Flow::Normal => {}
            flow => return Ok(flow),
        }
    }
    Ok(Flow::Normal)
}

fn exec(ctx: &mut Ctx, env: &Rc<Scope>, stmt: &Stmt) -> Result<Flow, RuntimeError> {
    ctx.line = stmt.line;
    ctx.step()?;
    ctx.enter()?;
    let r = at_line(stmt.line, exec_kind(ctx, env, stmt));
    ctx.depth -= 1;
    r
}

fn exec_kind(ctx: &mut Ctx, env: &Rc<Scope>, stmt: &Stmt) -> Result<Flow, RuntimeError> {
    match &stmt.kind {
        StmtKind::Expr(e) => {
            eval(ctx, env, e)?;
        }
        StmtKind::Define(name, e) => {
            env.define(name, Value::Undefined);
            let v = eval(ctx, env, e)?;
            env.define(name, v);
        }
        StmtKind::Assign(target, None, e) if append_in_place(ctx, env, target, e)? => {}
        StmtKind::Assign(target, op, e) => {
            let v = match op {
                None => eval(ctx, env, e)?,
                Some(op) => {
                    let old = eval(ctx, env, target)?;
                    let rhs = eval(ctx, env, e)?;
                    ops::binary(ctx, op, &old, &rhs)?
                }
            };
            assign(ctx, env, target, v)?;
        }
        StmtKind::IncDec(target, inc) => {
            let old = eval(ctx, env, target)?;
            let v = ops::binary(ctx, if *inc { "+" } else { "-" }, &old, &Value::Int(1))?;
            assign(ctx, env, target, v)?;
        }
        StmtKind::Block(body) => return exec_block(ctx, env, body),
        StmtKind::If { .. } => return exec_if(ctx, env, stmt),
        StmtKind::For { .. } => return exec_for(ctx, env, stmt),
        StmtKind::ForIn { .. } => return exec_for_in(ctx, env, stmt),
        StmtKind::Return(e) => {
            let v = match e {
                Some(e) => eval(ctx, env, e)?,
                None => Value::Undefined,
            };
            return Ok(Flow::Return(v));
        }
        StmtKind::Break => return Ok(Flow::Break),
        StmtKind::Continue => return Ok(Flow::Continue),
        StmtKind::Export(_) => {}
    }
    Ok(Flow::Normal)
}

/// `a = append(a, x…)` when nothing else holds `a`'s array: pushing in
/// place is what Go's append does to a lone slice, and keeps the loop that
/// collects matches linear instead of quadratic. Returns false (nothing
/// done) when the statement is not of that shape.
fn append_in_place(
    ctx: &mut Ctx,
    env: &Rc<Scope>,
    target: &Expr,
    e: &Expr,
) -> Result<bool, RuntimeError> {
    let (ExprKind::Ident(name), ExprKind::Call(callee, args, false)) = (&target.kind, &e.kind)
    else {
        return Ok(false);
    };
    let is_append = matches!(&callee.kind, ExprKind::Ident(f) if f == "append");
    let same = matches!(args.first().map(|a| &a.kind), Some(ExprKind::Ident(a)) if a == name);
    if !is_append || !same || env.get("append").is_some() {
        return Ok(false);
    }
    let Some(Value::Array(arr)) = env.get(name) else {
        return Ok(false);
    };
    let mut more = Vec::with_capacity(args.len() - 1);
    for a in &args[1..] {
        more.push(eval(ctx, env, a)?);
    }
    // The variable and `arr` itself: no one else can see the push.
    if Rc::strong_count(&arr) != 2
        || !matches!(env.get(name), Some(Value::Array(ref a)) if Rc::ptr_eq(a, &arr))
    {
        let mut items = arr.borrow().clone();
        ctx.alloc(more.len() * 16)?;
        ctx.steps_n(items.len() as u64 / 64)?;
        items.extend(more);
        env.set(name, Value::array(items));
        return Ok(true);
    }
    ctx.alloc(more.len() * 16)?;
    arr.borrow_mut().extend(more);
    Ok(true)
}

fn exec_if(ctx: &mut Ctx, env: &Rc<Scope>, stmt: &Stmt) -> Result<Flow, RuntimeError> {
    let StmtKind::If {
        init,
        cond,
        then,
        otherwise,
    } = &stmt.kind
    else {
        unreachable!()
    };
    let scope = Scope::child(env);
    if let Some(init) = init {
        exec(ctx, &scope, init)?;
    }
    if !eval(ctx, &scope, cond)?.is_falsy() {
        exec_block(ctx, &scope, then)
    } else if let Some(other) = otherwise {
        exec(ctx, &scope, other)
    } else {
        Ok(Flow::Normal)
    }
}

fn exec_for(ctx: &mut Ctx, env: &Rc<Scope>, stmt: &Stmt) -> Result<Flow, RuntimeError> {
    let StmtKind::For {
        init,
        cond,
        post,
        body,
    } = &stmt.kind
    else {
        unreachable!()
    };
    let scope = Scope::child(env);
    if let Some(init) = init {
        exec(ctx, &scope, init)?;
    }
    loop {
        ctx.line = stmt.line;
        ctx.step()?;
        if let Some(cond) = cond {
            if eval(ctx, &scope, cond)?.is_falsy() {
                break;
            }
        }
        match exec_block(ctx, &scope, body)? {
            Flow::Break => break,
            Flow::Return(v) => return Ok(Flow::Return(v)),
            Flow::Normal | Flow::Continue => {}
        }
        if let Some(post) = post {
            exec(ctx, &scope, post)?;
        }
    }
    Ok(Flow::Normal)
}

fn exec_for_in(ctx: &mut Ctx, env: &Rc<Scope>, stmt: &Stmt) -> Result<Flow, RuntimeError> {
    let StmtKind::ForIn {
        key,
        value,
        iterable,
        body,
    } = &stmt.kind
    else {
        unreachable!()
    };
    let base = eval(ctx, env, iterable)?;
    let items = iterate(ctx, &base)?;
    for (k, v) in items {
        ctx.line = stmt.line;
        ctx.step()?;
        let scope = Scope::child(env);
        if let Some(key) = key {
            scope.define(key, k);
            scope.define(value, v);
        } else {
            scope.define(value, v);
        }
        match exec_block(ctx, &scope, body)? {
            Flow::Break => break,
            Flow::Return(v) => return Ok(Flow::Return(v)),
            Flow::Normal | Flow::Continue => {}
        }
    }
    Ok(Flow::Normal)
}

/// The (key, value) pairs `for … in` walks: index and element for arrays
/// and bytes, char index and char for strings, key and value for maps
/// (in key order), nothing for undefined.
fn iterate(ctx: &mut Ctx, v: &Value) -> Result<Vec<(Value, Value)>, RuntimeError> {
    let out: Vec<(Value, Value)> = match v {
        Value::Undefined => Vec::new(),
        Value::Array(_) | Value::ImmArray(_) => v
            .elements()
            .unwrap()
            .into_iter()
            .enumerate()
            .map(|(i, e)| (Value::Int(i as i64), e))
            .collect(),
        Value::Map(_) | Value::ImmMap(_) => v
            .entries()
            .unwrap()
            .into_iter()
            .map(|(k, e)| (Value::str(&k), e))
            .collect(),
        Value::Str(s) => String::from_utf8_lossy(s)
            .chars()
            .enumerate()
            .map(|(i, c)| (Value::Int(i as i64), Value::Char(c)))
            .collect(),
        Value::Bytes(b) => b
            .iter()
            .enumerate()
            .map(|(i, c)| (Value::Int(i as i64), Value::Int(*c as i64)))
            .collect(),
        other => {
            return Err(RuntimeError::msg(format!(
                "not iterable: {}",
                other.type_name()
            )))
        }
    };
    ctx.alloc(out.len() * 32)?;
    Ok(out)
}

fn assign(ctx: &mut Ctx, env: &Rc<Scope>, target: &Expr, v: Value) -> Result<(), RuntimeError> {
    match &target.kind {
        ExprKind::Ident(name) => {
            if !env.set(name, v) {
                return Err(RuntimeError::msg(format!("unresolved reference '{name}'")));
            }
            Ok(())
        }
        ExprKind::Index(base, index) => {
            let base = eval(ctx, env, base)?;
            let index = eval(ctx, env, index)?;
            ops::index_set(ctx, &base, &index, v)
        }
        ExprKind::Selector(base, key) => {
            let base = eval(ctx, env, base)?;
            ops::index_set(ctx, &base, &Value::str(key), v)
        }
        _ => Err(RuntimeError::msg("cannot assign to this expression")),
    }
}

pub fn eval(ctx: &mut Ctx, env: &Rc<Scope>, e: &Expr) -> Result<Value, RuntimeError> {
    ctx.step()?;
    ctx.enter()?;
    let r = at_line(e.line, eval_kind(ctx, env, e));
    ctx.depth -= 1;
    r
}

fn eval_kind(ctx: &mut Ctx, env: &Rc<Scope>, e: &Expr) -> Result<Value, RuntimeError> {
    Ok(match &e.kind {
        ExprKind::Ident(name) => match env.get(name) {
            Some(v) => v,
            None => match ctx.builtins.get(name.as_str()) {
                Some(v) => v.clone(),
                None => return Err(RuntimeError::msg(format!("unresolved reference '{name}'"))),
            },
        },
        ExprKind::Int(v) => Value::Int(*v),
        ExprKind::Float(v) => Value::Float(*v),
        ExprKind::Str(s) => {
            ctx.alloc(s.len())?;
            Value::Str(s.as_slice().into())
        }
        ExprKind::Char(c) => Value::Char(*c),
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Undefined => Value::Undefined,
        ExprKind::Array(items) => {
            ctx.alloc(items.len() * 16)?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(eval(ctx, env, item)?);
            }
            Value::array(out)
        }
        ExprKind::Map(items) => {
            let mut out = Map::new();
            for (k, item) in items {
                ctx.alloc(k.len() + 48)?;
                let v = eval(ctx, env, item)?;
                out.insert(k.clone(), v);
            }
            Value::map(out)
        }
        ExprKind::Func(lit) => Value::Func(Rc::new(Closure {
            lit: lit.clone(),
            env: env.clone(),
        })),
        ExprKind::Error(inner) => Value::Error(Rc::new(eval(ctx, env, inner)?)),
        ExprKind::Immutable(inner) => match eval(ctx, env, inner)? {
            Value::Array(a) => Value::ImmArray(Rc::new(a.borrow().clone())),
            Value::Map(m) => Value::ImmMap(Rc::new(m.borrow().clone())),
            v => v,
        },
        ExprKind::Import(name) => modules::import(name),
        _ => return eval_compound(ctx, env, e),
    })
}

fn eval_compound(ctx: &mut Ctx, env: &Rc<Scope>, e: &Expr) -> Result<Value, RuntimeError> {
    match &e.kind {
        ExprKind::Unary(op, x) => {
            let x = eval(ctx, env, x)?;
            ops::unary(op, &x)
        }
        ExprKind::Binary("&&", a, b) => {
            let a = eval(ctx, env, a)?;
            if a.is_falsy() {
                Ok(a)
            } else {
                eval(ctx, env, b)
            }
        }
        ExprKind::Binary("||", a, b) => {
            let a = eval(ctx, env, a)?;
            if a.is_falsy() {
                eval(ctx, env, b)
            } else {
                Ok(a)
            }
        }
        ExprKind::Binary(op, a, b) => {
            let a = eval(ctx, env, a)?;
            let b = eval(ctx, env, b)?;
            ops::binary(ctx, op, &a, &b)
        }
        ExprKind::Cond(c, a, b) => {
            if eval(ctx, env, c)?.is_falsy() {
                eval(ctx, env, b)
            } else {
                eval(ctx, env, a)
            }
        }
        ExprKind::Index(base, index) => {
            let base = eval(ctx, env, base)?;
            let index = eval(ctx, env, index)?;
            ops::index_get(&base, &index)
        }
        ExprKind::Selector(base, key) => {
            let base = eval(ctx, env, base)?;
            ops::index_get(&base, &Value::str(key))
        }
        ExprKind::Slice(base, low, high) => {
            let base = eval(ctx, env, base)?;
            let low = low.as_ref().map(|l| eval(ctx, env, l)).transpose()?;
            let high = high.as_ref().map(|h| eval(ctx, env, h)).transpose()?;
            ops::slice(ctx, &base, low, high)
        }
        ExprKind::Call(callee, args, spread) => {
            let f = eval(ctx, env, callee)?;
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(eval(ctx, env, a)?);
            }
            if *spread {
                let last = values.pop().unwrap_or(Value::Undefined);
                let Some(els) = last.elements() else {
                    return Err(RuntimeError::msg(format!(
                        "cannot spread {}: only an array can be passed with '...'",
                        last.type_name()
                    )));
                };
                values.extend(els);
            }
            call(ctx, &f, values)
        }
        _ => unreachable!("simple expressions are evaluated by eval_kind"),
    }
}

/// Calls a function value with `args`.
pub fn call(ctx: &mut Ctx, f: &Value, args: Vec<Value>) -> Result<Value, RuntimeError> {
    match f {
        Value::Func(c) => call_closure(ctx, c, args),
        Value::Native(n) => {
            let line = ctx.line;
            ctx.enter()?;
            let r = (n.f)(ctx, args);
            ctx.depth -= 1;
            ctx.line = line;
            r
        }
        other => Err(RuntimeError::msg(format!(
            "not callable: {}",
            other.type_name()
        ))),
    }
}

fn call_closure(ctx: &mut Ctx, c: &Closure, mut args: Vec<Value>) -> Result<Value, RuntimeError> {
    let lit: &FuncLit = &c.lit;
    let n = lit.params.len();
    if lit.variadic {
        if args.len() < n - 1 {
            return Err(RuntimeError::msg(format!(
                "wrong number of arguments: want>={}, got={}",
                n - 1,
                args.len()
            )));
        }
        let rest = args.split_off(n - 1);
        args.push(Value::array(rest));
    } else if args.len() != n {
        return Err(RuntimeError::msg(format!(
            "wrong number of arguments: want={n}, got={}",
            args.len()
        )));
    }
    let line = ctx.line;
    ctx.enter()?;
    let scope = Scope::child(&c.env);
    for (p, a) in lit.params.iter().zip(args) {
        scope.define(p, a);
    }
    let mut result = Value::Undefined;
    for stmt in &lit.body {
        match exec(ctx, &scope, stmt) {
            Ok(Flow::Return(v)) => {
                result = v;
                break;
            }
            Ok(_) => {}
            Err(e) => {
                ctx.depth -= 1;
                return Err(e);
            }
        }
    }
    ctx.depth -= 1;
    ctx.line = line;
    Ok(result)
}
