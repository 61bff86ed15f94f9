(function(){
'use strict';
var data=JSON.parse(document.getElementById('ip-data').textContent);
var primary={},parts={};
document.querySelectorAll('mark[data-path]').forEach(function(el){primary[el.getAttribute('data-path')]=el;});
document.querySelectorAll('mark[data-for]').forEach(function(el){
  var p=el.getAttribute('data-for');(parts[p]=parts[p]||[]).push(el);});
var buttons={};
document.querySelectorAll('button[data-target]').forEach(function(b){
  var p=b.getAttribute('data-target');(buttons[p]=buttons[p]||[]).push(b);
  b.setAttribute('aria-pressed','false');
  b.addEventListener('click',function(){select(p,true);});});
var live=document.getElementById('live');
var current=null;
function restart(el){el.classList.remove('flash');void el.offsetWidth;el.classList.add('flash');}
function select(path,fromRecord){
  if(current){
    (function(p){var els=[primary[p]].concat(parts[p]||[]);
      els.forEach(function(e){if(e)e.classList.remove('active');});
      (buttons[p]||[]).forEach(function(b){b.setAttribute('aria-pressed','false');});})(current);}
  current=path;
  var info=data.paths[path]||{};
  var els=[primary[path]].concat(parts[path]||[]).filter(Boolean);
  els.forEach(function(e){e.classList.add('active');restart(e);});
  (buttons[path]||[]).forEach(function(b){b.setAttribute('aria-pressed','true');});
  if(els.length){els[0].scrollIntoView({block:'center',inline:'nearest'});}
  if(!fromRecord&&buttons[path]){buttons[path][0].scrollIntoView({block:'nearest',inline:'nearest'});}
  drawBoxes(path,info);
  var text=els.map(function(e){return e.textContent;}).join('').replace(/\s+/g,' ').trim();
  live.textContent='Selected '+(info.label||path)+' ('+path+'): '+text.slice(0,200);
  document.body.setAttribute('data-selected',path);
  try{history.replaceState(null,'','#'+encodeURIComponent(path));}catch(e){}
}
function drawBoxes(path,info){
  document.querySelectorAll('.boxes').forEach(function(l){l.innerHTML='';});
  var pages={};data.pages.forEach(function(p){pages[p.n]=p;});
  var first=null;
  (info.boxes||[]).forEach(function(b){
    var p=pages[b[0]];if(!p)return;
    var layer=document.querySelector('.boxes[data-page="'+b[0]+'"]');if(!layer)return;
    var d=document.createElement('div');
    d.className='box flash k-'+(info.kind||'other');
    d.setAttribute('data-box-for',path);
    d.style.left=(b[1]/p.w*100)+'%';d.style.top=(b[2]/p.h*100)+'%';
    d.style.width=((b[3]-b[1])/p.w*100)+'%';d.style.height=((b[4]-b[2])/p.h*100)+'%';
    layer.appendChild(d);if(!first)first=d;});
  if(first){first.scrollIntoView({block:'center',inline:'nearest'});}
}
document.querySelectorAll('mark[data-path],mark[data-for]').forEach(function(el){
  el.addEventListener('click',function(ev){ev.stopPropagation();
    select(el.getAttribute('data-path')||el.getAttribute('data-for'),false);});});
document.querySelectorAll('input[data-kind-toggle]').forEach(function(c){
  c.addEventListener('change',function(){
    var t=document.getElementById('text'),k=c.getAttribute('data-kind-toggle');
    if(t)t.classList.toggle('hide-k-'+k,!c.checked);});});
var hash='';try{hash=decodeURIComponent((location.hash||'').slice(1));}catch(e){}
if(hash&&data.paths[hash]){select(hash,false);}
// the stylesheet applied (inline, or the site's static/ip.css): tests and users can tell
var styled=getComputedStyle(document.documentElement).getPropertyValue('--fg').trim();
document.body.setAttribute('data-ip-styled',styled?'1':'0');
document.body.setAttribute('data-ip-ready','1');
})();
