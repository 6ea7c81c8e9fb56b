/** Extra CSS of the search page (added to the layout's stylesheet through its `styles` prop). */
export const SEARCH_CSS = `
mark{background:#fff1a8;color:inherit;padding:0 .05em;border-radius:.125rem}
.notice{background:#f5f3ef;border-left:4px solid #1a1a1a;padding:.75rem 1rem;margin:0 0 1rem}
.facets h3{font-size:1rem;margin:1.25rem 0 .375rem}
.facets ul{list-style:none;margin:0;padding:0}
.facets li a{display:flex;justify-content:space-between;gap:.5rem;padding:.25rem 0;color:#1a1a1a;text-decoration:none}
.facets li a:hover .fl{text-decoration:underline}
.facets li a[aria-current] .fl{font-weight:700}
.facets .box{display:inline-block;width:1em;height:1em;border:1px solid #767676;border-radius:.2em;margin-right:.5rem;vertical-align:-.125em;text-align:center;line-height:1}
.facets a[aria-current] .box{background:#1a1a1a;border-color:#1a1a1a;color:#fff}
.toolbar{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.75rem;margin-bottom:1rem}
.toolbar p{margin:0}
.pages{display:flex;flex-wrap:wrap;gap:.375rem;list-style:none;padding:0;margin:2rem 0 0}
.pages a,.pages span{display:inline-block;min-width:2.5rem;text-align:center;padding:.375rem .5rem;border:1px solid #767676;border-radius:.25rem;color:#1a1a1a;text-decoration:none}
.pages [aria-current]{background:#1a1a1a;color:#fff;border-color:#1a1a1a}
.big-search{display:flex;gap:.5rem;max-width:36rem;margin:1rem 0 2rem}
.big-search input{flex:1;width:auto}
`;
