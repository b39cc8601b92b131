# Compares two OpenAPI documents (before and after a change to the generator):
# every path and method kept, with the same security, scope, parameters,
# required request fields and statuses. Usage:
#   python3 scripts/compare-openapi.py old.json web/v1/openapi.json
import json,sys
old=json.load(open(sys.argv[1])); new=json.load(open(sys.argv[2]))
def resolve(doc, s):
    while isinstance(s,dict) and '$ref' in s:
        p=s['$ref'][2:].split('/'); s=doc
        for k in p: s=s[k]
    return s
def req_fields(doc, op):
    rb=op.get('requestBody')
    if not rb: return None
    out={}
    for ct,c in rb['content'].items():
        s=resolve(doc,c['schema']); out[ct]=sorted(s.get('required',[]))
    return out
problems=0; ops=0
for path,item in old['paths'].items():
    for m,op in item.items():
        ops+=1
        n=new['paths'].get(path,{}).get(m)
        if n is None: print('MISSING',m,path); problems+=1; continue
        for k in ['security','x-required-scope','operationId','summary','description','tags']:
            if op.get(k)!=n.get(k): print('DIFF',k,m,path); problems+=1
        if [json.dumps(p,sort_keys=True) for p in op.get('parameters',[])]!=[json.dumps(p,sort_keys=True) for p in n.get('parameters',[])]: print('PARAMS',m,path); problems+=1
        if req_fields(old,op)!=req_fields(new,n): print('REQUIRED',m,path,req_fields(old,op),req_fields(new,n)); problems+=1
        for st in op['responses']:
            if st not in n['responses']: print('STATUS',st,m,path); problems+=1
        for st in n['responses']:
            if st not in op['responses']: print('NEW STATUS',st,m,path)
for path in new['paths']:
    for m in new['paths'][path]:
        if m not in old['paths'].get(path,{}): print('EXTRA',m,path); problems+=1
print('webhooks same keys:', sorted(old['webhooks'])==sorted(new['webhooks']))
print('security schemes same:', old['components']['securitySchemes']==new['components']['securitySchemes'])
print('shared params same:', old['components']['parameters']==new['components']['parameters'])
print('shared responses same:', old['components']['responses']==new['components']['responses'])
print('tags/info same:', old['tags']==new['tags'] and old['info']==new['info'])
print(ops,'operations checked,',problems,'problems')
