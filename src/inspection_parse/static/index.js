(function(){
'use strict';
// The letter table: a text filter (also set from ?q= or by choosing a bar or a warning code),
// a family filter, and sorting by a column (numbers as numbers).
var table=document.getElementById('letters'),body=table.tBodies[0];
var rows=Array.prototype.slice.call(body.rows);
var filter=document.getElementById('filter'),family=document.getElementById('family');
var shown=document.getElementById('shown');
// "field:value" matches one field of a row exactly (what a chart's bar counts); anything
// else is text to find anywhere in the row.
var FIELDS={family:1,year:1,areas:1,region:1,authority:1,warning:1};
function matches(r,q){
  var m=/^([a-z]+):(.*)$/.exec(q);
  if(m&&FIELDS[m[1]]){
    var v=(r.getAttribute('data-'+m[1])||'').toLowerCase(),want=m[2].trim();
    if(m[1]==='warning'){return (' '+v+' ').indexOf(' '+want+' ')>=0;}
    return v===want;}
  return r.textContent.toLowerCase().indexOf(q)>=0;}
function apply(){
  var q=filter.value.trim().toLowerCase(),f=family.value,n=0;
  rows.forEach(function(r){
    var ok=(!f||r.getAttribute('data-family')===f)&&(!q||matches(r,q));
    r.classList.toggle('hidden',!ok);if(ok)n++;});
  shown.textContent=n+' of '+rows.length+' shown';
  document.body.setAttribute('data-shown',String(n));
}
filter.addEventListener('input',apply);family.addEventListener('change',apply);
document.querySelectorAll('button.sort').forEach(function(b){
  b.addEventListener('click',function(){
    var th=b.parentNode,col=+b.getAttribute('data-col'),num=b.getAttribute('data-type')==='num';
    var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
    document.querySelectorAll('th[aria-sort]').forEach(function(t){t.setAttribute('aria-sort','none');});
    th.setAttribute('aria-sort',dir);
    var k=dir==='ascending'?1:-1;
    rows.sort(function(a,c){
      var x=a.cells[col].getAttribute('data-v')||'',y=c.cells[col].getAttribute('data-v')||'';
      if(num){return k*((+x)-(+y));}
      return k*x.localeCompare(y);});
    rows.forEach(function(r){body.appendChild(r);});
    document.body.setAttribute('data-sorted',col+':'+dir);});});
document.querySelectorAll('[data-filter]').forEach(function(a){
  a.addEventListener('click',function(ev){
    ev.preventDefault();filter.value=a.getAttribute('data-filter');family.value='';apply();
    try{history.replaceState(null,'','?q='+encodeURIComponent(filter.value));}catch(e){}
    table.scrollIntoView({block:'start'});});});
var q=null;
try{q=new URLSearchParams(location.search).get('q');}catch(e){}
if(q){filter.value=q;}
apply();
// the stylesheet applied (inline, or the site's static/ip.css): tests and users can tell
var styled=getComputedStyle(document.documentElement).getPropertyValue('--fg').trim();
document.body.setAttribute('data-ip-styled',styled?'1':'0');
document.body.setAttribute('data-ip-ready','1');
})();
