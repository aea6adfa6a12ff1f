//! The dashboard as one self-contained HTML page (`frontline report --html`): inline SVG
//! charts and CSS, no script and no network, so it opens the same from a mail attachment,
//! a shared drive or a browser with scripts off.
//!
//! Every number a chart draws is also on the element as a `data-` attribute, so a test (or a
//! lead's own tooling) reads the figures back from the page rather than from pixels.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use frontline_core::Lang;
use frontline_core::five_s::Dimension;

use crate::dashboard::Dashboard;

/// The page's words in one language.
struct Words {
    title: &'static str,
    generated: &'static str,
    covering: &'static str,
    attempts: &'static str,
    learners: &'static str,
    pass_rate: &'static str,
    mean: &'static str,
    grid: &'static str,
    grid_help: &'static str,
    learner: &'static str,
    broken: &'static str,
    broken_help: &'static str,
    none_broken: &'static str,
    five_s: &'static str,
    five_s_help: &'static str,
    dimensions: [&'static str; 5],
    not_rated: &'static str,
    trend: &'static str,
    trend_help: &'static str,
    profiles: &'static str,
    nothing: &'static str,
    passed: &'static str,
}

const EN: Words = Words {
    title: "Frontline — team report",
    generated: "Generated",
    covering: "Covering",
    attempts: "attempts",
    learners: "learners",
    pass_rate: "passed",
    mean: "mean score",
    grid: "Learners × scenarios",
    grid_help: "Best score, attempts made; ✓ when at least one attempt passed.",
    learner: "Learner",
    broken: "Principles broken most often",
    broken_help: "Share of the attempts that could break the principle (their scenario tests it) in which it was broken at least once.",
    none_broken: "No principle was broken in these attempts.",
    five_s: "5S profile of the team",
    five_s_help: "Mean per dimension over the attempts whose path rated it.",
    dimensions: ["Smile", "Speed", "Standard", "Sincere", "Satisfy"],
    not_rated: "not rated",
    trend: "Trend by week",
    trend_help: "Bars: attempts in the week (Monday to Sunday, UTC). Line: share passed.",
    profiles: "5S per learner",
    nothing: "No attempts match this report's filters.",
    passed: "passed",
};

const ZH: Words = Words {
    title: "Frontline — 团队报告",
    generated: "生成时间",
    covering: "范围",
    attempts: "次练习",
    learners: "名学员",
    pass_rate: "通过率",
    mean: "平均分",
    grid: "学员 × 场景",
    grid_help: "最高分与练习次数；至少一次通过时标 ✓。",
    learner: "学员",
    broken: "最常违反的原则",
    broken_help: "在可能违反该原则的练习（其场景考查该原则）中，至少违反一次的比例。",
    none_broken: "这些练习中没有违反任何原则。",
    five_s: "团队的 5S 画像",
    five_s_help: "各维度的平均分，只计入评了该维度的练习。",
    dimensions: ["微笑", "速度", "规范", "真诚", "满意"],
    not_rated: "未评分",
    trend: "每周趋势",
    trend_help: "柱：当周练习次数（周一至周日，UTC）。线：通过率。",
    profiles: "每位学员的 5S",
    nothing: "没有符合筛选条件的练习。",
    passed: "通过",
};

const KO: Words = Words {
    title: "Frontline — 팀 보고서",
    generated: "작성 시각",
    covering: "범위",
    attempts: "연습 횟수",
    learners: "교육생 수",
    pass_rate: "통과율",
    mean: "평균 점수",
    grid: "교육생 × 시나리오",
    grid_help: "최고 점수와 연습 횟수. 한 번이라도 통과하면 ✓로 표시합니다.",
    learner: "교육생",
    broken: "가장 자주 어긴 원칙",
    broken_help: "그 원칙을 어길 수 있었던 연습(시나리오가 그 원칙을 시험하는 연습) 가운데 한 번 이상 어긴 연습의 비율입니다.",
    none_broken: "이 연습들에서는 어긴 원칙이 없습니다.",
    five_s: "팀의 5S 프로필",
    five_s_help: "항목별 평균 점수이며, 그 항목이 평가된 연습만 셉니다.",
    dimensions: ["미소", "신속", "표준", "진심", "만족"],
    not_rated: "평가 없음",
    trend: "주별 추이",
    trend_help: "막대: 그 주의 연습 횟수(월요일부터 일요일까지, UTC). 선: 통과율.",
    profiles: "교육생별 5S",
    nothing: "이 보고서의 조건에 맞는 연습이 없습니다.",
    passed: "통과",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the page says besides the figures.
pub struct Page<'a> {
    /// Interface language.
    pub lang: Lang,
    /// When it was made, shown as given.
    pub generated: &'a str,
    /// The filters in words (`since 2026-11-01, scenario angry-customer`), or empty.
    pub covering: &'a str,
    /// Principle titles by id, in `lang`.
    pub principle_titles: &'a BTreeMap<String, String>,
    /// Scenario titles by id, in `lang`.
    pub scenario_titles: &'a BTreeMap<String, String>,
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;\
margin:2rem;color:#1b1b1b;background:#fff;max-width:1200px}\
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}p.help{color:#444;margin-top:0}\
.totals{display:flex;gap:2rem;flex-wrap:wrap}.totals div{font-size:1.1rem}.totals b{font-size:1.6rem;display:block}\
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:center}\
th.learner,td.learner{text-align:left}td.good{background:#cdebd3}td.mid{background:#fbe7b5}\
td.low{background:#f6cccc}td.none{background:#f4f4f4;color:#777}svg text{font-size:12px;fill:#1b1b1b}\
.scroll{overflow-x:auto}";

fn band(score: u32) -> &'static str {
    match score {
        70.. => "good",
        50.. => "mid",
        _ => "low",
    }
}

/// The whole page.
pub fn render(d: &Dashboard, page: &Page) -> String {
    let w = words(page.lang);
    let mut h = String::with_capacity(4096 + d.cells.len() * 120 + d.profiles.len() * 700);
    let lang = match page.lang {
        Lang::Zh => "zh-CN",
        Lang::Ko => "ko",
        Lang::En => "en",
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(w.title),
        escape(w.title)
    );
    let _ = write!(h, "<p>{}: {}", escape(w.generated), escape(page.generated));
    if !page.covering.is_empty() {
        let _ = write!(h, " · {}: {}", escape(w.covering), escape(page.covering));
    }
    h.push_str("</p>\n");
    let _ = writeln!(
        h,
        "<section class=\"totals\" id=\"totals\" data-attempts=\"{}\" data-passed=\"{}\" \
         data-learners=\"{}\" data-mean=\"{}\">\
         <div><b>{}</b>{}</div><div><b>{}</b>{}</div><div><b>{}%</b>{}</div><div><b>{}</b>{}</div></section>",
        d.attempts,
        d.passed,
        d.learners.len(),
        d.mean,
        d.attempts,
        escape(w.attempts),
        d.learners.len(),
        escape(w.learners),
        crate::dashboard::percent(d.passed, d.attempts),
        escape(w.pass_rate),
        d.mean,
        escape(w.mean),
    );
    if d.attempts == 0 {
        let _ = write!(
            h,
            "<p id=\"nothing\">{}</p>\n</body>\n</html>\n",
            escape(w.nothing)
        );
        return h;
    }

    // The grid.
    let _ = write!(
        h,
        "<h2>{}</h2>\n<p class=\"help\">{}</p>\n<div class=\"scroll\"><table id=\"grid\">\n<tr><th class=\"learner\">{}</th>",
        escape(w.grid),
        escape(w.grid_help),
        escape(w.learner)
    );
    for s in &d.scenarios {
        let title = page
            .scenario_titles
            .get(s)
            .map_or(s.as_str(), String::as_str);
        let _ = write!(h, "<th title=\"{}\">{}</th>", escape(s), escape(title));
    }
    h.push_str("</tr>\n");
    let mut cells = d.cells.iter().peekable();
    for learner in &d.learners {
        let _ = write!(h, "<tr><td class=\"learner\">{}</td>", escape(learner));
        for s in &d.scenarios {
            match cells.next_if(|c| &c.learner == learner && &c.scenario == s) {
                Some(c) => {
                    let _ = write!(
                        h,
                        "<td class=\"cell {}\" data-learner=\"{}\" data-scenario=\"{}\" data-best=\"{}\" \
                         data-attempts=\"{}\" data-passed=\"{}\">{} · {}×{}</td>",
                        band(c.best),
                        escape(learner),
                        escape(s),
                        c.best,
                        c.attempts,
                        c.passed,
                        c.best,
                        c.attempts,
                        if c.passed > 0 { " ✓" } else { "" }
                    );
                }
                None => h.push_str("<td class=\"none\">—</td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table></div>\n");

    // Break rates: horizontal bars, the fifteen most often broken.
    let _ = write!(
        h,
        "<h2>{}</h2>\n<p class=\"help\">{}</p>\n",
        escape(w.broken),
        escape(w.broken_help)
    );
    if d.principles.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", escape(w.none_broken));
    } else {
        let shown = &d.principles[..d.principles.len().min(15)];
        let (label_w, bar_w, row_h) = (420.0, 360.0, 22.0);
        let height = shown.len() as f64 * row_h + 10.0;
        let _ = writeln!(
            h,
            "<svg id=\"breaks\" role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{height}\" \
             viewBox=\"0 0 {} {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
            escape(w.broken),
            label_w + bar_w + 90.0,
            label_w + bar_w + 90.0
        );
        for (i, p) in shown.iter().enumerate() {
            let y = i as f64 * row_h + 4.0;
            let title = page
                .principle_titles
                .get(&p.principle)
                .map_or(p.principle.clone(), |t| format!("{t} ({})", p.principle));
            let len = bar_w * p.rate as f64 / 100.0;
            let _ = writeln!(
                h,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
                 <rect class=\"bar\" data-principle=\"{}\" data-rate=\"{}\" data-broken=\"{}\" data-at-stake=\"{}\" \
                 x=\"{}\" y=\"{y}\" width=\"{len:.1}\" height=\"{}\" fill=\"#c0392b\"><title>{} {}/{}</title></rect>\
                 <text x=\"{}\" y=\"{}\">{}% ({}/{})</text>",
                label_w - 6.0,
                y + 14.0,
                escape(&title),
                escape(&p.principle),
                p.rate,
                p.broken,
                p.at_stake,
                label_w,
                row_h - 6.0,
                escape(&p.principle),
                p.broken,
                p.at_stake,
                label_w + len + 6.0,
                y + 14.0,
                p.rate,
                p.broken,
                p.at_stake
            );
        }
        h.push_str("</svg>\n");
    }

    // The 5S profile of the team.
    let _ = write!(
        h,
        "<h2>{}</h2>\n<p class=\"help\">{}</p>\n",
        escape(w.five_s),
        escape(w.five_s_help)
    );
    let _ = write!(
        h,
        "<svg id=\"five-s\" role=\"img\" aria-label=\"{}\" width=\"460\" height=\"240\" viewBox=\"0 0 460 240\" \
         xmlns=\"http://www.w3.org/2000/svg\">\n<line x1=\"40\" y1=\"210\" x2=\"450\" y2=\"210\" stroke=\"#888\"/>\n",
        escape(w.five_s)
    );
    for (i, dim) in Dimension::ALL.into_iter().enumerate() {
        let x = 50.0 + i as f64 * 80.0;
        let name = w.dimensions[i];
        match d.five_s[dim] {
            Some(v) => {
                let bar = 190.0 * v.min(100) as f64 / 100.0;
                let _ = write!(
                    h,
                    "<rect class=\"dim\" data-dimension=\"{}\" data-mean=\"{v}\" x=\"{x}\" y=\"{:.1}\" width=\"56\" \
                     height=\"{bar:.1}\" fill=\"#2e86c1\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"middle\">{v}</text>",
                    dim.key(),
                    210.0 - bar,
                    x + 28.0,
                    205.0 - bar
                );
            }
            None => {
                let _ = write!(
                    h,
                    "<text class=\"dim-none\" data-dimension=\"{}\" x=\"{}\" y=\"200\" text-anchor=\"middle\">{}</text>",
                    dim.key(),
                    x + 28.0,
                    escape(w.not_rated)
                );
            }
        }
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"228\" text-anchor=\"middle\">{}</text>",
            x + 28.0,
            escape(name)
        );
    }
    h.push_str("</svg>\n");

    // Trend by week.
    let _ = write!(
        h,
        "<h2>{}</h2>\n<p class=\"help\">{}</p>\n",
        escape(w.trend),
        escape(w.trend_help)
    );
    let n = d.weeks.len().max(1) as f64;
    let step = (900.0 / n).clamp(8.0, 60.0);
    let width = 60.0 + step * n + 20.0;
    let top = d.weeks.iter().map(|w| w.attempts).max().unwrap_or(1).max(1) as f64;
    let _ = write!(
        h,
        "<div class=\"scroll\"><svg id=\"trend\" role=\"img\" aria-label=\"{}\" width=\"{width:.0}\" height=\"260\" \
         viewBox=\"0 0 {width:.0} 260\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <line x1=\"50\" y1=\"220\" x2=\"{:.0}\" y2=\"220\" stroke=\"#888\"/>\
         <text x=\"44\" y=\"34\" text-anchor=\"end\" style=\"fill:#1e8449\">100%</text>\
         <text x=\"44\" y=\"222\" text-anchor=\"end\">0</text>\
         <text x=\"55\" y=\"14\" style=\"fill:#21618c\">▮ {top} {}</text>\n",
        escape(w.trend),
        width - 10.0,
        escape(w.attempts)
    );
    let mut line = Vec::with_capacity(d.weeks.len());
    for (i, wk) in d.weeks.iter().enumerate() {
        let x = 55.0 + i as f64 * step;
        let bar = 190.0 * wk.attempts as f64 / top;
        let _ = writeln!(
            h,
            "<rect class=\"week\" data-monday=\"{}\" data-attempts=\"{}\" data-pass-rate=\"{}\" data-mean=\"{}\" \
             x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bar:.1}\" fill=\"#aed6f1\"><title>{} · {} {} · {}% {}</title></rect>",
            wk.monday,
            wk.attempts,
            wk.pass_rate,
            wk.mean,
            220.0 - bar,
            (step * 0.8).max(4.0),
            wk.monday,
            wk.attempts,
            escape(w.attempts),
            wk.pass_rate,
            escape(w.passed)
        );
        if wk.attempts > 0 {
            line.push(format!(
                "{:.1},{:.1}",
                x + step * 0.4,
                220.0 - 190.0 * wk.pass_rate as f64 / 100.0
            ));
        }
        // A date under every few bars keeps the labels apart.
        let every = (70.0 / step).ceil().max(1.0) as usize;
        if i % every == 0 {
            let _ = write!(h, "<text x=\"{x:.1}\" y=\"238\">{}</text>", &wk.monday[5..]);
        }
    }
    let _ = write!(
        h,
        "\n<polyline id=\"pass-line\" fill=\"none\" stroke=\"#1e8449\" stroke-width=\"2\" points=\"{}\"/>\n</svg></div>\n",
        line.join(" ")
    );

    // 5S per learner: five small bars each.
    let _ = write!(
        h,
        "<h2>{}</h2>\n<div class=\"scroll\"><table id=\"profiles\">\n<tr><th class=\"learner\">{}</th><th>{}</th><th>{}</th>",
        escape(w.profiles),
        escape(w.learner),
        escape(w.attempts),
        escape(w.passed)
    );
    for name in w.dimensions {
        let _ = write!(h, "<th>{}</th>", escape(name));
    }
    h.push_str("<th></th></tr>\n");
    for p in &d.profiles {
        let _ = write!(
            h,
            "<tr data-learner=\"{}\"><td class=\"learner\">{}</td><td>{}</td><td>{}</td>",
            escape(&p.learner),
            escape(&p.learner),
            p.attempts,
            p.passed
        );
        for dim in Dimension::ALL {
            match p.five_s[dim] {
                Some(v) => {
                    let _ = write!(h, "<td>{v}</td>");
                }
                None => h.push_str("<td class=\"none\">—</td>"),
            }
        }
        h.push_str(
            "<td><svg width=\"90\" height=\"24\" viewBox=\"0 0 90 24\" aria-hidden=\"true\">",
        );
        for (i, dim) in Dimension::ALL.into_iter().enumerate() {
            let v = p.five_s[dim].unwrap_or(0).min(100) as f64;
            let bar = 22.0 * v / 100.0;
            let _ = write!(
                h,
                "<rect x=\"{}\" y=\"{:.1}\" width=\"14\" height=\"{bar:.1}\" fill=\"#2e86c1\"/>",
                i * 18,
                23.0 - bar
            );
        }
        h.push_str("</svg></td></tr>\n");
    }
    h.push_str("</table></div>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{DashboardFilter, build};

    #[test]
    fn names_are_escaped_and_an_empty_report_says_so() {
        let d = build(&[], &DashboardFilter::default(), &BTreeMap::new());
        let none = BTreeMap::new();
        let page = Page {
            lang: Lang::Zh,
            generated: "2026-12-01",
            covering: "<script>",
            principle_titles: &none,
            scenario_titles: &none,
        };
        let html = render(&d, &page);
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script"));
        assert!(html.contains("没有符合筛选条件的练习"));
        assert!(html.contains("lang=\"zh-CN\""));
    }

    #[test]
    fn a_korean_page_is_marked_korean() {
        let d = build(&[], &DashboardFilter::default(), &BTreeMap::new());
        let none = BTreeMap::new();
        let page = Page {
            lang: Lang::Ko,
            generated: "2026-12-01",
            covering: "",
            principle_titles: &none,
            scenario_titles: &none,
        };
        let html = render(&d, &page);
        assert!(html.contains("lang=\"ko\""));
        assert!(html.contains("이 보고서의 조건에 맞는 연습이 없습니다"));
    }
}
